"""orm_checks.py - SQLAlchemy 1.4 and Django 3.2 (Debian's python3-sqlalchemy, python3-django,
python3-psycopg2) against a server: schema creation, ORM queries, upserts, constraint errors,
reflection / introspection and migrations, printed as deterministic lines.

    python3 orm_checks.py HOST PORT DATABASE DJANGO_APP_DIR

run.sh compares the output with expected.out, which is what PostgreSQL 15 prints. The
Django app directory must be writable (makemigrations writes into it).
"""
import datetime
import decimal
import enum
import io
import os
import sys

host, port, db, app_dir = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def section(name):
    print(f"== {name}")


# ---- SQLAlchemy ----
from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, Enum, Float, ForeignKey,
                        Index, Integer, LargeBinary, MetaData, Numeric, String, Text,
                        UniqueConstraint, create_engine, desc, func, inspect, select, text)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, declarative_base, relationship

eng = create_engine(f"postgresql+psycopg2://bench@{host}:{port}/{db}", future=True)
Base = declarative_base()


class Mood(enum.Enum):
    happy = 1
    sad = 2


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False, unique=True)
    email = Column(String(120))
    created = Column(DateTime(timezone=True), server_default=func.now())
    active = Column(Boolean, default=True)
    mood = Column(Enum(Mood))
    data = Column(JSONB)
    tags = Column(ARRAY(Text))
    uid = Column(UUID(as_uuid=True))
    posts = relationship("Post", back_populates="user", cascade="all, delete-orphan")
    __table_args__ = (Index("ix_users_email_lower", func.lower(email)),)


class Post(Base):
    __tablename__ = "posts"
    id = Column(BigInteger, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False,
                     index=True)
    title = Column(String(200))
    score = Column(Numeric(10, 2))
    day = Column(Date)
    blob = Column(LargeBinary)
    ratio = Column(Float)
    user = relationship("User", back_populates="posts")
    __table_args__ = (UniqueConstraint("user_id", "title", name="uq_user_title"),)


section("sqlalchemy orm")
Base.metadata.create_all(eng)
with Session(eng) as s:
    u = User(name="ann", email="A@x.io", mood=Mood.happy, data={"a": [1, 2]}, tags=["x", "y"])
    u.posts = [Post(title="p1", score=decimal.Decimal("1.50"), day=datetime.date(2024, 1, 2),
                    blob=b"\x00\x01", ratio=0.5), Post(title="p2", score=None)]
    s.add(u)
    s.add(User(name="bob", mood=Mood.sad))
    s.commit()
    print(s.execute(select(User.name, func.count(Post.id)).outerjoin(Post)
                    .group_by(User.name).order_by(User.name)).all())
    print(s.execute(select(Post.title, Post.score, Post.day, Post.blob, Post.ratio)
                    .order_by(Post.id)).all())
    r = s.execute(select(User).where(User.data["a"][0].astext == "1")).scalars().all()
    print([x.name for x in r], r[0].tags, r[0].mood, r[0].active)
    print(s.execute(select(User.name).where(User.tags.contains(["x"]))).all())
    print(s.execute(select(func.lower(User.email))
                    .where(func.lower(User.email).like("a%"))).all())
    stmt = (pg_insert(User.__table__).values(name="ann", email="new@x")
            .on_conflict_do_update(index_elements=["name"], set_={"email": "upd@x"})
            .returning(User.__table__.c.email))
    print(s.execute(stmt).all())
    s.commit()
    print(s.execute(select(User.name).order_by(desc(User.name)).limit(1).offset(0)).all())
    s.delete(s.execute(select(User).where(User.name == "ann")).scalar_one())
    s.commit()
    print(s.execute(select(func.count()).select_from(Post)).scalar())

section("sqlalchemy reflection")
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # "Skipped unsupported reflection of expression-based index"
insp = inspect(eng)
print(sorted(insp.get_table_names()))
for t in ["users", "posts"]:
    for col in insp.get_columns(t):
        print(t, col["name"], str(col["type"]), col["nullable"], col.get("default"),
              col.get("autoincrement"))
    print(t, "pk", insp.get_pk_constraint(t))
    print(t, "fk", insp.get_foreign_keys(t))
    print(t, "ix", sorted(insp.get_indexes(t), key=lambda x: x["name"]))
    print(t, "uq", insp.get_unique_constraints(t))
print(insp.get_enums())
md = MetaData()
md.reflect(eng)
print(sorted(md.tables))
with eng.begin() as c:
    c.execute(text("DROP TABLE posts, users"))
    c.execute(text("DROP TYPE mood"))

# ---- Django ----
section("django migrate and queries")
sys.path.insert(0, app_dir)
os.environ.update(DJANGO_SETTINGS_MODULE="settings", DJ_DB=db, DJ_PORT=port, DJ_HOST=host)
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.auth.models import User as DjUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402
from django.db.models import Avg, Count, F, Max, Q, Sum  # noqa: E402
from django.db.models.functions import Lower  # noqa: E402

call_command("makemigrations", "shop", verbosity=0)
call_command("migrate", verbosity=0)
from shop.models import Category, Product  # noqa: E402

c1 = Category.objects.create(name="books")
c2 = Category.objects.create(name="toys")
Product.objects.bulk_create([
    Product(name=f"p{i}", price=decimal.Decimal(i) / 4, category=c1 if i % 2 else c2,
            tags=["a", f"t{i}"], meta={"i": i, "even": i % 2 == 0}) for i in range(10)])
print(list(Category.objects.annotate(n=Count("products"), total=Sum("products__price"))
           .order_by("name").values_list("name", "n", "total")))
print(list(Product.objects.filter(tags__contains=["t3"]).values_list("name", flat=True)))
print(list(Product.objects.filter(meta__even=True, price__gt=1).order_by("-price")
           .values_list("name", "price")[:3]))
print(list(Product.objects.filter(meta__i__gte=8).order_by("name")
           .values_list("name", flat=True)))
print(Product.objects.aggregate(Avg("price"), Max("price")))
Product.objects.filter(category=c1).update(price=F("price") + 1)
print(list(Product.objects.filter(Q(name__icontains="P1") | Q(name__startswith="p9"))
           .order_by("name").values_list("name", "price")))
for name, price in (("p1", 1), ("neg", -1)):
    try:
        with transaction.atomic():
            Product.objects.create(name=name, price=price, category=c1)
    except IntegrityError as e:
        print("integrity error", type(e.__cause__).__name__)
user = DjUser.objects.create_user("ann", "a@x", "pw")
user.groups.add(Group.objects.create(name="g"))
print(DjUser.objects.filter(groups__name="g").count(), Permission.objects.count() > 0)
print(list(Product.objects.annotate(l=Lower("name")).filter(l="p2")
           .values_list("l", flat=True)))

section("django introspection")
with connection.cursor() as cur:
    intro = connection.introspection
    print(sorted(intro.table_names(cur)))
    for t in ["shop_product", "shop_category"]:
        print(t, [(d.name, d.type_code, d.null_ok) for d in intro.get_table_description(cur, t)])
        cons = intro.get_constraints(cur, t)
        for k in sorted(cons):
            v = cons[k]
            print(" ", "pkey" if k.endswith("_pkey") else k, v["columns"], v["primary_key"],
                  v["unique"], v["foreign_key"], v["check"], v["index"], v.get("orders"),
                  v.get("type"))
        print(" rel", intro.get_relations(cur, t))
        print(" seq", intro.get_sequences(cur, t))
out = io.StringIO()
call_command("inspectdb", "shop_product", stdout=out)
print(out.getvalue())
call_command("migrate", "shop", "zero", verbosity=0)
print(sorted(connection.introspection.table_names()))
