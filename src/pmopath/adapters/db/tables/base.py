"""The schema's base: naming conventions and column sizes shared by every table."""

from __future__ import annotations

from sqlalchemy import (
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


ID = 80  # framework ids, as the file format allows


NAME = 200


EMAIL = 254


HASH = 255  # an argon2id hash in PHC form is about 100 characters


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
