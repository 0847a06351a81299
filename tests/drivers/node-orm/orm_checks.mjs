// orm_checks.mjs - postgres.js 3, knex 3, Sequelize 6 and TypeORM 0.3 against a server:
// each creates its schema, writes, queries and (knex, Sequelize, TypeORM) introspects it;
// every result is printed as one JSON line.
//
//   node orm_checks.mjs HOST PORT DATABASE      (NODE_PATH: the installed node_modules)
//
// run.sh compares the output with expected.out, which is what PostgreSQL 15 prints.
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'noop.js'))
const [host, portText, database] = process.argv.slice(2)
const port = Number(portText)
const log = (...a) =>
  console.log(JSON.stringify(a, (k, v) => (typeof v === 'bigint' ? v.toString() : v)))

async function postgresJs () {
  console.log('== postgres.js')
  const postgres = require('postgres')
  const sql = postgres({ host, port, database, username: 'bench', onnotice: () => {} })
  await sql`create table pj (id serial primary key, name text, n numeric(8,2), at timestamptz,
    j jsonb, tags text[], ok boolean, d date, b bytea)`
  const rows = [
    { name: 'a', n: '1.50', at: new Date('2024-01-02T03:04:05Z'), j: { k: [1, 2] }, tags: ['x', 'y'],
      ok: true, d: '2024-01-02', b: Buffer.from([0, 1]) },
    { name: 'b', n: null, at: null, j: null, tags: null, ok: false, d: null, b: null }]
  log(await sql`insert into pj ${sql(rows, 'name', 'n', 'at', 'j', 'tags', 'ok', 'd', 'b')} returning id`)
  log(await sql`select * from pj order by id`)
  log(await sql`select * from pj where name = ${'a'} and id = any(${[1, 2]})`)
  log(await sql`select ${1}::int + 1 as x, ${'t'}::text as y, ${true} as z,
    ${new Date('2020-01-01T00:00:00Z')}::timestamptz as w`)
  log(await sql.begin(async sql => {
    await sql`update pj set n = n * 2 where id = 1`
    return sql`select n from pj where id = 1`
  }))
  try { await sql`insert into pj (id) values (1)` } catch (e) { log(e.code, e.constraint_name, e.table_name) }
  const chunks = []
  for await (const r of sql`select generate_series(1, 7) g`.cursor(3)) chunks.push(r.length)
  log(chunks)
  log(await sql.unsafe('select 1 as a; select 2 as b'))
  log(await sql`select ${sql.json({ a: 1 })}::jsonb as j`)
  log((await sql`select * from pj limit 0`).columns.map(c => [c.name, c.type]))
  log(await sql`select '1 day'::interval as i, 1.5::float8 as f, 9007199254740993::bigint as big,
    '{1,2}'::int[] as arr`)
  await sql.end()
}

async function knexChecks () {
  console.log('== knex')
  const knex = require('knex')({ client: 'pg', connection: { host, port, database, user: 'bench' } })
  try {
    await knex.schema.createTable('ka', t => {
      t.increments('id'); t.string('name', 100).notNullable().unique(); t.jsonb('meta')
      t.timestamps(true, true); t.enu('kind', ['x', 'y'], { useNative: true, enumName: 'kind_t' })
    })
    await knex.schema.createTable('kb', t => {
      t.bigIncrements('id'); t.integer('a_id').references('ka.id').onDelete('CASCADE')
      t.decimal('amt', 10, 2); t.index(['a_id', 'amt'])
    })
    log(await knex('ka').insert([{ name: 'n1', meta: { q: 1 }, kind: 'x' }, { name: 'n2', kind: 'y' }])
      .returning(['id', 'name']))
    await knex('kb').insert([{ a_id: 1, amt: 1.5 }, { a_id: 1, amt: 2 }, { a_id: 2, amt: 3 }])
    log(await knex('ka').join('kb', 'ka.id', 'kb.a_id').select('ka.name').sum('kb.amt as s')
      .groupBy('ka.name').orderBy('ka.name'))
    log(await knex('ka').whereRaw("meta->>'q' = ?", ['1']).pluck('name'))
    log(await knex('ka').insert({ name: 'n1', kind: 'y' }).onConflict('name').merge().returning('kind'))
    await knex.schema.alterTable('kb', t => { t.string('note').defaultTo('none'); t.renameColumn('amt', 'amount') })
    log(await knex('kb').orderBy('id').first('note', 'amount'))
    log(await knex.schema.hasTable('kb'), await knex.schema.hasColumn('kb', 'amount'))
    log(await knex('ka').columnInfo())
    await knex.transaction(async trx => { await trx('kb').del(); throw new Error('no') })
      .catch(e => log('rolled back', e.message))
    log(await knex('kb').count('* as c'))
  } finally {
    await knex.destroy()
  }
}

async function sequelizeChecks () {
  console.log('== sequelize')
  const { Sequelize, DataTypes, Op } = require('sequelize')
  const sq = new Sequelize(database, 'bench', null, { host, port, dialect: 'postgres', logging: false })
  try {
    const User = sq.define('User', {
      name: { type: DataTypes.STRING, unique: true }, age: DataTypes.INTEGER,
      tags: DataTypes.ARRAY(DataTypes.STRING), data: DataTypes.JSONB, mood: DataTypes.ENUM('happy', 'sad')
    })
    const Task = sq.define('Task', { title: DataTypes.STRING, done: { type: DataTypes.BOOLEAN, defaultValue: false } })
    User.hasMany(Task); Task.belongsTo(User)
    await sq.sync({ force: true })
    const u = await User.create({ name: 'ann', age: 30, tags: ['a'], data: { x: 1 }, mood: 'happy' })
    await Task.bulkCreate([{ title: 't1', UserId: u.id }, { title: 't2', UserId: u.id, done: true }])
    log((await User.findAll({ include: Task, order: [['id', 'ASC'], [Task, 'id', 'ASC']] }))
      .map(x => [x.name, x.Tasks.map(t => t.title)]))
    log(await User.count({ where: { tags: { [Op.contains]: ['a'] } } }))
    log(await Task.findAll({ attributes: ['done', [sq.fn('count', sq.col('id')), 'n']], group: ['done'],
      order: [['done', 'ASC']], raw: true }))
    log((await User.update({ age: 31 }, { where: { name: 'ann' } }))[0])
    await User.upsert({ name: 'ann', age: 40 })
    log((await User.findOne({ where: { name: 'ann' } })).age)
    log(Object.keys(await sq.getQueryInterface().describeTable('Users')))
    log((await sq.getQueryInterface().showIndex('Users')).map(i => [i.name, i.unique]).sort())
  } finally {
    await sq.close()
  }
}

async function typeormChecks () {
  console.log('== typeorm')
  require('reflect-metadata')
  const { DataSource, EntitySchema } = require('typeorm')
  const User = new EntitySchema({
    name: 'User', tableName: 'to_users',
    columns: {
      id: { primary: true, type: 'int', generated: true }, name: { type: 'varchar', length: 50, unique: true },
      age: { type: 'int', nullable: true, default: 18 }, meta: { type: 'jsonb', nullable: true },
      created: { type: 'timestamptz', createDate: true }, role: { type: 'enum', enum: ['a', 'b'], default: 'a' }
    },
    relations: { posts: { type: 'one-to-many', target: 'Post', inverseSide: 'user' } },
    indices: [{ name: 'IDX_age', columns: ['age'] }]
  })
  const Post = new EntitySchema({
    name: 'Post', tableName: 'to_posts',
    columns: {
      id: { primary: true, type: 'uuid', generated: 'uuid' }, title: { type: 'text' },
      score: { type: 'numeric', precision: 8, scale: 2, default: 0 }
    },
    relations: { user: { type: 'many-to-one', target: 'User', joinColumn: true, onDelete: 'CASCADE' } }
  })
  const options = { type: 'postgres', host, port, username: 'bench', database, entities: [User, Post], synchronize: true }
  const ds = new DataSource(options)
  await ds.initialize()
  try {
    const u = await ds.getRepository('User').save({ name: 'ann', meta: { k: 1 } })
    await ds.getRepository('Post').save([{ title: 't1', user: u, score: 1.5 }, { title: 't2', user: u }])
    log((await ds.getRepository('User').find({ relations: { posts: true }, order: { id: 'ASC' } }))
      .map(x => [x.name, x.age, x.role, x.posts.length]))
    log(await ds.getRepository('Post').createQueryBuilder('p').select('count(*)', 'n')
      .addSelect('sum(p.score)', 's').getRawOne())
  } finally {
    await ds.destroy()
  }
  const again = new DataSource(options) // a second sync must find the schema as it left it
  await again.initialize()
  log('synchronized again', await again.getRepository('User').count())
  await again.destroy()
}

for (const step of [postgresJs, knexChecks, sequelizeChecks, typeormChecks]) {
  try {
    await step()
  } catch (e) {
    log('ERROR', step.name, e.message)
  }
}
