"""Display helpers shared by the apps (activities and reports import these, never the reverse)."""


def format_rupiah(amount):
    """Whole rupiah written the Indonesian way: 150000000 -> "Rp 150.000.000".

    The dot separator is fixed rather than taken from the active locale: a rupiah
    amount reads the same on the English pages as on the Indonesian ones.
    """
    if amount is None:
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
