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
