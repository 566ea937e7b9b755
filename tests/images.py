"""Small real images made with Pillow for upload tests."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_upload(name="foto.jpg", size=(1200, 800), color=(40, 120, 90), fmt="JPEG", exif=None):
    buffer = BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    content_type = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


# --- Photos carrying every kind of metadata, and what a kept copy may hold -------------

SECRET = b"secret"
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
# APP1 holds EXIF and XMP, APP2 the ICC profile, COM a free-text comment.
METADATA_MARKERS = {0xE1: "APP1", 0xE2: "APP2", 0xFE: "COM"}
METADATA_INFO_KEYS = {"comment", "icc_profile", "exif", "xmp"}


def jpeg_with_metadata(name="lapangan.jpg", size=(1200, 800), icc_profile=None):
    """A JPEG with EXIF (capture time 2018-10-22 09:30 and a GPS position), a COM
    comment, XMP and an ICC profile, each carrying the word ``secret``."""
    from PIL import ImageCms

    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2018:10:22 09:30:00"
    exif[0x010E] = "secret description"  # ImageDescription
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (0.0, 47.0, 30.0), 3: "E", 4: (100.0, 39.0, 0.0)})
    if icc_profile is None:
        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        icc_profile = profile.tobytes() + SECRET  # a tag-less tail, still a valid profile
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret</rdf:RDF></x:xmpmeta>'
    buffer = BytesIO()
    Image.new("RGB", size, (40, 120, 90)).save(
        buffer, "JPEG", exif=exif, comment=SECRET, xmp=xmp, icc_profile=icc_profile
    )
    with Image.open(BytesIO(buffer.getvalue())) as check:  # the test photo is what it says
        assert check.info.keys() >= METADATA_INFO_KEYS
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_with_text(name="peta.png", size=(900, 600)):
    """A PNG with tEXt (one named ``comment``), compressed zTXt and iTXt chunks."""
    from PIL.PngImagePlugin import PngInfo

    chunks = PngInfo()
    chunks.add_text("comment", "secret")
    chunks.add_text("Author", "secret author", zip=True)
    chunks.add_itxt("Description", "secret description", lang="id")
    buffer = BytesIO()
    Image.new("RGB", size, (200, 160, 40)).save(buffer, "PNG", pnginfo=chunks)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_segments(data):
    """The markers of every segment of a JPEG file, scans included, in order."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, index = [], 2
    while index < len(data):
        assert data[index] == 0xFF, f"no marker at byte {index}"
        marker = data[index + 1]
        markers.append(marker)
        if marker == 0xD9:  # end of image
            break
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        index += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not 0xFF00/RSTn
            while not (data[index] == 0xFF and data[index + 1] not in (0x00, *range(0xD0, 0xD8))):
                index += 1
    return markers


def metadata_left_in(data):
    """What a stored photo's bytes still carry beyond pixels; empty when clean."""
    found = [METADATA_MARKERS[m] for m in jpeg_segments(data) if m in METADATA_MARKERS]
    if SECRET in data:
        found.append("the word secret")
    with Image.open(BytesIO(data)) as kept:
        found.extend(sorted(METADATA_INFO_KEYS & kept.info.keys()))
        if len(kept.getexif()):
            found.append("EXIF tags")
    return found


# --- Photos for the evidence flags: a picture of its own, a capture time, a position ----


def _dms(degrees):
    """Unsigned decimal degrees as EXIF's degrees, minutes and seconds."""
    degrees = abs(degrees)
    whole = int(degrees)
    minutes = int((degrees - whole) * 60)
    seconds = round(((degrees - whole) * 60 - minutes) * 60, 2)
    return (float(whole), float(minutes), seconds)


def picture(seed=1, size=(1200, 800)):
    """A picture with detail, different for each ``seed`` (a flat one hashes to zero)."""
    import random

    from PIL import ImageDraw

    chance = random.Random(seed)
    image = Image.new("RGB", size, (chance.randrange(256), 120, 90))
    draw = ImageDraw.Draw(image)
    width, height = size
    for _n in range(12):
        x, y = chance.randrange(width), chance.randrange(height)
        box = [x, y, x + chance.randrange(80, width // 2), y + chance.randrange(60, height // 2)]
        draw.rectangle(box, fill=tuple(chance.randrange(256) for _c in range(3)))
    return image


def evidence_jpeg(taken="2018:10:22 09:30:00", gps=None, seed=1, name="bukti.jpg", image=None):
    """A real JPEG whose EXIF holds the capture time ``taken`` and, when given, the GPS
    position ``gps`` = (latitude, longitude) in signed decimal degrees."""
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    if gps:
        latitude, longitude = gps
        exif.get_ifd(GPS_IFD).update(
            {
                1: "S" if latitude < 0 else "N",
                2: _dms(latitude),
                3: "W" if longitude < 0 else "E",
                4: _dms(longitude),
            }
        )
    buffer = BytesIO()
    (image or picture(seed)).save(buffer, "JPEG", exif=exif, quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def reencoded(upload, quality=60, scale=0.8):
    """``upload``'s picture scaled and saved again at a lower quality, without EXIF."""
    upload.seek(0)
    with Image.open(upload) as original:
        width, height = original.size
        smaller = original.resize((int(width * scale), int(height * scale)))
    buffer = BytesIO()
    smaller.save(buffer, "JPEG", quality=quality)
    upload.seek(0)
    return SimpleUploadedFile("salinan.jpg", buffer.getvalue(), content_type="image/jpeg")
