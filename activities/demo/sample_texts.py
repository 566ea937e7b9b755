"""Word pools for the generated sample forums: invented people, themes, notes, reasons."""

MALE_NAMES = [
    "Ahmad", "Agus", "Andi", "Bambang", "Budi", "Darius", "Dedi", "Eko", "Fajar", "Hasan",
    "Hendrik", "Irwan", "Joko", "La Ode", "Made", "Muhammad", "Nyoman", "Rahmat", "Rudi",
    "Samuel", "Stefanus", "Taufik", "Wayan", "Yohanes", "Yusuf", "Zulkifli",
]  # fmt: skip

FEMALE_NAMES = [
    "Agnes", "Ani", "Dewi", "Fitriani", "Halimah", "Indah", "Lestari", "Maria", "Nurhayati",
    "Putri", "Rahmawati", "Ratna", "Rosmawati", "Sari", "Siti", "Sri", "Wa Ode", "Wulan",
    "Yuliana",
]  # fmt: skip

FAMILY_NAMES = [
    "Daulay", "Ginting", "Harahap", "Hidayat", "Kurniasih", "Latuconsina", "Lubis", "Mandagi",
    "Nasution", "Pattiasina", "Rumbiak", "Santoso", "Sembiring", "Siregar", "Tanjung",
    "Wijaya", "Wulandari", "Yunus",
]  # fmt: skip

FORUM_RETURN_REASONS = [
    "Susunan pengurus belum dilampiri surat keputusan kepala desa atau lurah.",
    "Keterwakilan perempuan dan pemuda dalam kepengurusan belum terlihat; mohon dilengkapi.",
    "Tahun program belum sesuai dengan surat keputusan penetapan lokasi.",
]

ACTIVITY_RETURN_REASONS = [
    "Rincian anggaran belum sesuai dengan rencana anggaran biaya yang disetujui.",
    "Realisasi belanja belum dilengkapi bukti pertanggungjawaban.",
    "Foto dokumentasi pekerjaan 0 %, 50 % dan 100 % belum lengkap.",
    "Volume pekerjaan berbeda dengan gambar rencana; mohon diperiksa kembali.",
]

DIALOGUE_THEMES = [
    "Merawat kerukunan di tengah keberagaman",
    "Peran pemuda dalam mencegah konflik",
    "Musyawarah sebagai jalan menyelesaikan perselisihan",
    "Perempuan sebagai penjaga keserasian sosial",
    "Bijak bermedia sosial, menangkal kabar bohong",
    "Menjaga sarana bersama hasil program",
]

AGREEMENTS = [
    "Pengurus forum mengundang warga bertemu setiap bulan untuk membahas masalah lingkungan "
    "sebelum menjadi perselisihan.",
    "Perselisihan antarwarga diselesaikan lebih dulu lewat musyawarah yang difasilitasi "
    "pengurus forum.",
    "Sarana hasil program dirawat bersama; jadwal kerja bakti disusun pengurus forum.",
    "Pemuda dilibatkan dalam setiap kegiatan forum, termasuk olahraga dan kesenian bersama.",
    "Kabar yang belum jelas kebenarannya tidak disebarkan sebelum diperiksa bersama.",
]

SAMPLE_NOTE = "Berita contoh: dibuat otomatis untuk demonstrasi portal, bukan kejadian sebenarnya."

PROGRESS_NOTES = [
    (50, "Persiapan lokasi selesai; pekerjaan awal dikerjakan bersama warga."),
    (99, "Sebagian besar pekerjaan selesai; warga bergotong royong pada akhir pekan."),
    (100, "Pekerjaan selesai dan diserahkan kepada warga untuk dirawat bersama."),
]
