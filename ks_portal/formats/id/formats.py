# Dates written in full, the way Indonesian news does: "22 Oktober 2018", and times with
# their zone: "15 Agustus 2025, 10.22 WIB". One style everywhere, lists included.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i T"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
