"""What a photo says about itself, read before its metadata is stripped: where it was
taken (EXIF GPS) and what it looks like (a perceptual hash).

Both are kept in the database as evidence for the verifier and never in the stored
file (``forums.images`` keeps pixels only). The hash is a 64-bit difference hash
(dHash): the picture in greyscale at 9 × 8 pixels, one bit per pair of horizontal
neighbours (is the left one brighter?), as 16 hexadecimal characters. Re-encoding or
scaling a photo changes few bits; a different picture changes about half of them.
"""

from decimal import Decimal, InvalidOperation

from PIL import Image

GPS_IFD = 0x8825
GPS_LATITUDE_REF, GPS_LATITUDE = 1, 2
GPS_LONGITUDE_REF, GPS_LONGITUDE = 3, 4
COORDINATE_PLACES = Decimal("0.000001")  # about 11 cm: the fields' six decimal places
FLAT_HASH = "0" * 16  # a picture without detail (one colour): matches every other one


def _degrees(value, ref, limit):
    """Degrees, minutes and seconds (EXIF rationals) and a N/S/E/W ref as signed degrees."""
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    total = degrees + minutes / 60 + seconds / 3600
    if str(ref).strip("\x00 ").upper() in ("S", "W"):
        total = -total
    if not -limit <= total <= limit:
        return None
    try:
        return Decimal(repr(total)).quantize(COORDINATE_PLACES)
    except InvalidOperation:
        return None


def gps_position(image):
    """(latitude, longitude) from ``image``'s EXIF GPS tags as Decimals, else (None, None)."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except (KeyError, ValueError, TypeError, OSError):
        return None, None
    latitude = _degrees(gps.get(GPS_LATITUDE), gps.get(GPS_LATITUDE_REF, "N"), 90)
    longitude = _degrees(gps.get(GPS_LONGITUDE), gps.get(GPS_LONGITUDE_REF, "E"), 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def difference_hash(image):
    """The 64-bit dHash of ``image`` as 16 hexadecimal characters."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # one byte per pixel in mode L
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = pixels[row * 9 + column], pixels[row * 9 + column + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def hash_distance(first, second):
    """How many of the 64 bits differ between two hashes (Hamming distance)."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
