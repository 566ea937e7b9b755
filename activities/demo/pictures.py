"""Drawn illustrations for demo posts and progress reports.

The seed documents come without usable photos, and the portal must look like
itself on a fresh machine with no internet. These pictures are drawn with
Pillow, deterministic, and captioned as illustrations so nobody mistakes them
for documentation.
"""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from forums.models import Post, PostPhoto

from ..models import ProgressPhoto, ProgressReport

SIZE = (1200, 800)
SKY = [(158, 206, 235), (246, 214, 160), (190, 220, 200)]
ROOFS = [(164, 60, 48), (46, 94, 120), (120, 80, 50)]


def _ground(draw, rng):
    draw.rectangle([0, 0, SIZE[0], SIZE[1]], fill=rng.choice(SKY))
    draw.ellipse([-200, 520, 700, 1100], fill=(96, 160, 90))
    draw.ellipse([400, 500, 1500, 1100], fill=(80, 145, 78))
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill=(86, 150, 82))


def _building(draw, rng, progress=100):
    left, right, base = 300, 900, 660
    wall_top = base - int(260 * max(progress, 15) / 100)
    draw.rectangle(
        [left, wall_top, right, base], fill=(236, 228, 212), outline=(90, 80, 70), width=4
    )
    if progress >= 80:
        draw.polygon(
            [(left - 40, wall_top), (600, wall_top - 150), (right + 40, wall_top)],
            fill=rng.choice(ROOFS),
        )
        draw.rectangle([560, base - 130, 640, base], fill=(120, 84, 60))
        for x in (360, 460, 700, 800):
            draw.rectangle([x, wall_top + 50, x + 60, wall_top + 110], fill=(120, 170, 200))
    else:
        for x in range(left, right + 1, 100):
            draw.line([x, wall_top - 120, x, base], fill=(140, 110, 70), width=8)
        draw.line([left, wall_top - 60, right, wall_top - 60], fill=(140, 110, 70), width=8)


def _people(draw, rng, count=14):
    for n in range(count):
        x = 140 + n * (920 // count) + rng.randint(-10, 10)
        y = 600 + rng.randint(-20, 30)
        colour = rng.choice([(200, 70, 60), (40, 90, 160), (230, 180, 40), (60, 140, 90)])
        draw.ellipse([x, y - 70, x + 40, y - 30], fill=(120, 84, 60))
        draw.rounded_rectangle([x - 10, y - 30, x + 50, y + 60], radius=18, fill=colour)


def _road(draw, rng):
    draw.polygon([(520, 360), (680, 360), (1100, SIZE[1]), (100, SIZE[1])], fill=(110, 110, 115))
    for y in range(400, SIZE[1], 80):
        draw.rectangle([595, y, 605, y + 40], fill=(240, 240, 240))


def _label(draw, text):
    font = ImageFont.load_default(size=34)
    draw.rounded_rectangle(
        [24, SIZE[1] - 84, 24 + 24 * len(text) + 40, SIZE[1] - 24], radius=12, fill=(0, 0, 0)
    )
    draw.text((44, SIZE[1] - 74), text, fill=(255, 255, 255), font=font)


def illustration(scene, seed, progress=100):
    """A JPEG picture of ``scene`` ("hall", "dialogue", "road", "meeting") as a ContentFile."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    _ground(draw, rng)
    if scene == "hall":
        _building(draw, rng, progress)
    elif scene == "road":
        _road(draw, rng)
    else:
        draw.rectangle([200, 300, 1000, 560], fill=(236, 228, 212))
        draw.rectangle([420, 340, 780, 460], fill=(250, 250, 250), outline=(60, 60, 60), width=3)
        _people(draw, rng, 16 if scene == "dialogue" else 10)
    _label(draw, "Ilustrasi / illustration")
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return ContentFile(buffer.getvalue())


def _scene_for(activity_type_code):
    if activity_type_code in {"village-road", "drainage"}:
        return "road"
    if activity_type_code in {"thematic-dialogue", "seminar", "training", "coordination-meeting"}:
        return "dialogue"
    return "hall"


SOLOK_POST = "kota-solok-terima-bantuan-keserasian-sosial-2018"
# Each gallery post's own pictures: (scene, caption) in their order.
GALLERIES = {
    SOLOK_POST: [
        ("dialogue", "Ilustrasi dialog tematik bersama warga"),
        ("hall", "Ilustrasi gedung serbaguna yang telah selesai"),
        ("meeting", "Ilustrasi pembukaan acara"),
    ],
    "seminar-fks-desa-babussalam-2020": [
        ("dialogue", "Ilustrasi peserta seminar di Agro Wisata Kurma"),
        ("meeting", "Ilustrasi pemaparan nilai-nilai keserasian sosial"),
        ("dialogue", "Ilustrasi tanya jawab warga dan tokoh masyarakat"),
    ],
}
# Earlier demos gave every gallery post the Solok captions (one list for all); a post
# whose gallery is still exactly that, untouched, is drawn again with its own.
_SHARED_CAPTIONS = [caption for _scene, caption in GALLERIES[SOLOK_POST]]


def add_pictures(galleries=GALLERIES):
    """Give every post without a cover an illustration, the posts in ``galleries`` their
    own small gallery, and a photo to every progress report that has none."""
    for post in Post.objects.filter(cover=""):
        linked = post.activities.select_related("activity_type").first()
        scene = _scene_for(linked.activity_type.code) if linked else "meeting"
        post.cover.save(f"{post.slug}.jpg", illustration(scene, post.slug), save=False)
        post.cover_caption = post.cover_caption or "Ilustrasi kegiatan"
        post.save()
    for post in Post.objects.filter(slug__in=galleries).prefetch_related("photos"):
        _add_gallery(post, galleries[post.slug])
    reports = ProgressReport.objects.filter(photos__isnull=True).select_related(
        "activity__activity_type"
    )
    for report in reports:
        scene = _scene_for(report.activity.activity_type.code)
        photo = ProgressPhoto(report=report, caption=f"Ilustrasi progres {report.percent}%")
        name = f"progres-{report.activity_id}-{report.reported_on:%Y%m%d}.jpg"
        seed = f"{report.activity_id}{report.reported_on}"
        photo.image.save(name, illustration(scene, seed, report.percent), save=False)
        photo.save()


def _add_gallery(post, pictures):
    photos = sorted(post.photos.all(), key=lambda photo: (photo.position, photo.pk))
    captions = [caption for _scene, caption in pictures]
    if photos and [photo.caption for photo in photos] == _SHARED_CAPTIONS != captions:
        for photo in photos:
            photo.delete()
        photos = []
    if photos:
        return
    for position, (scene, caption) in enumerate(pictures):
        photo = PostPhoto(post=post, caption=caption, position=position)
        photo.image.save(
            f"{post.slug}-{position}.jpg",
            illustration(scene, f"{post.slug}{position}"),
            save=False,
        )
        photo.save()
