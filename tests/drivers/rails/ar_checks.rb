# ar_checks.rb - ActiveRecord 6.1 (Debian's ruby-activerecord, ruby-pg) against a server:
# a schema defined with migrations (create / add / rename / change default), models with
# associations, queries (joins, groups, JSON and array operators), upserts, a unique
# violation, a rolled-back transaction, the adapter's introspection and schema.rb dump, all
# printed as deterministic lines.
#
#   ruby ar_checks.rb HOST PORT DATABASE
#
# run.sh compares the output with expected.out, which is what PostgreSQL 15 prints.
require 'active_record'
require 'stringio'

host, port, db = ARGV
ActiveRecord::Base.establish_connection(adapter: 'postgresql', host: host, port: port.to_i,
                                        database: db, username: 'bench')
ActiveRecord::Migration.verbose = false
ActiveRecord::Schema.define do
  create_table :authors, force: true do |t|
    t.string :name, null: false, limit: 80
    t.jsonb :prefs, default: {}
    t.string :tags, array: true, default: []
    t.timestamps
    t.index :name, unique: true
  end
  create_table :books, force: true do |t|
    t.references :author, foreign_key: true, null: false
    t.string :title
    t.decimal :price, precision: 8, scale: 2
    t.integer :pages, default: 0
    t.boolean :published, default: false
    t.date :released_on
    t.uuid :ref
    t.timestamps
  end
  add_index :books, %i[author_id title], name: 'idx_books_author_title'
  add_column :books, :isbn, :string
  change_column_default :books, :pages, 10
  rename_column :books, :isbn, :isbn13
end

class Author < ActiveRecord::Base
  has_many :books, dependent: :destroy
end

class Book < ActiveRecord::Base
  belongs_to :author
end

puts '== queries'
a = Author.create!(name: 'ann', prefs: { 'theme' => 'dark' }, tags: %w[x y])
b = Author.create!(name: 'bob')
a.books.create!(title: 'One', price: 9.5, published: true, released_on: Date.new(2024, 1, 2))
a.books.create!(title: 'Two', price: 12)
b.books.create!(title: 'Three')
p Author.joins(:books).group('authors.name').order('authors.name').count
p Book.where(published: true).pluck(:title, :price, :pages)
p Author.where("prefs->>'theme' = ?", 'dark').pluck(:name)
p Author.where("'x' = ANY(tags)").pluck(:name)
p Book.order(price: :desc).limit(2).pluck(:title)
p Book.where('price > ?', 10).update_all(published: true)
p Author.find_by(name: 'ann').books.sum(:price).to_s
begin
  Author.create!(name: 'ann')
rescue ActiveRecord::RecordNotUnique
  puts 'not unique'
end
Author.transaction do
  b.destroy
  raise ActiveRecord::Rollback
end
p [Author.count, Book.count]
now = Time.utc(2024, 5, 6, 7, 8, 9)
Book.upsert_all([{ id: 1, author_id: a.id, title: 'One!', created_at: now, updated_at: now }],
                unique_by: :id)
p Book.find(1).title
p Book.find(1).created_at.utc.iso8601

puts '== introspection'
conn = ActiveRecord::Base.connection
p conn.tables.sort
p(conn.columns('books').map { |c| [c.name, c.sql_type, c.null, c.default] })
p(conn.indexes('books').map { |i| [i.name, i.columns, i.unique] }.sort)
p(conn.foreign_keys('books').map { |f| [f.to_table, f.column, f.primary_key, f.on_delete] })
p conn.primary_key('books')
s = StringIO.new
ActiveRecord::SchemaDumper.dump(conn, s)
puts s.string.lines.reject { |l| l =~ /^#|version:/ }.join
