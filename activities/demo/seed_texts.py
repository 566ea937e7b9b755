"""What the portal says about the seed documents' events, written afresh in Indonesian.

Facts (names, places, dates, amounts, the 2012 conflict figures) come from the
sources; the sentences are the portal's own. Bodies are HTML, sanitised on save.
"""

BABUSSALAM_BODY = """
<p>Forum Keserasian Sosial (FKS) Desa Babussalam, Kecamatan Rambah, Kabupaten Rokan Hulu,
mengadakan seminar penguatan keserasian sosial pada Sabtu, 10 Oktober 2020, di kawasan
Agro Wisata Kurma, Desa Babussalam. Biayanya berasal dari dana aspirasi anggota DPR RI
tahun anggaran 2020.</p>
<p>Warga Babussalam datang dari suku, adat, bahasa dan keyakinan yang berbeda-beda.
Seminar ini mengajak peserta memandang perbedaan itu sebagai modal bersama, sekaligus
mengenali hal-hal kecil yang bisa berkembang menjadi gesekan agar dapat dicegah lebih
awal.</p>
<h2>Nilai yang menjadi pegangan</h2>
<p>Dalam seminar diuraikan lima nilai yang memandu setiap kegiatan keserasian sosial:</p>
<ul>
<li><strong>Keseimbangan dan keharmonisan</strong>: kegiatan diarahkan agar warga hidup
berdampingan dengan selaras dan tanpa konflik.</li>
<li><strong>Mutualisme</strong>: kegiatan yang dipilih harus memberi manfaat bagi semua pihak
dan tidak merugikan siapa pun.</li>
<li><strong>Kesetaraan</strong>: setiap kelompok duduk sejajar, tanpa diskriminasi, prasangka
atau cap buruk bagi kelompok lain.</li>
<li><strong>Kesepakatan dan prakarsa bersama</strong>: keputusan lahir dari musyawarah, dan
gagasannya tumbuh dari warga sendiri.</li>
<li><strong>Keberlanjutan</strong>: manfaatnya dijaga terus, antara lain dengan swadaya
warga setempat.</li>
</ul>
<h2>Warga terlibat dari awal sampai akhir</h2>
<p>Kegiatan keserasian sosial, baik pembangunan sarana maupun kegiatan non-fisik, melibatkan
warga sejak perencanaan, saat pelaksanaan, ketika hasilnya dimanfaatkan, hingga dalam
pengawasannya. Program ini diutamakan bagi desa dan kelurahan yang rawan konflik sosial,
dan hasilnya bergantung pada dukungan warga, pemerintah desa serta para pemangku
kepentingan.</p>
"""


SOLOK_BODY = """
<p>Dinas Sosial Kota Solok menerima bantuan Program Keserasian Sosial dari Kementerian Sosial
RI senilai Rp 150.000.000 yang bersumber dari APBN. Dana itu dipakai untuk membangun gedung
serbaguna bagi warga Payo, Kelurahan Tanah Garam, Kecamatan Lubuk Sikarah, termasuk biaya
operasional dan biaya pertemuan tematik.</p>
<p>Program keserasian sosial bertujuan mencegah konflik sosial sejak dini di wilayah yang
sudah dipetakan rawan. Pada tahap percontohan, bantuan fisik dan non-fisik program ini
menjangkau 2.000 desa di 32 provinsi.</p>
<h2>Dialog tematik bersama 100 warga</h2>
<p>Pada Senin, 22 Oktober 2018, Dinas Sosial Kota Solok menggelar Dialog Tematik Forum
Keserasian Sosial di Payo dengan 100 warga sebagai peserta. Sekretaris Dinas Sosial Kota
Solok, Ir. Edy Martin, membuka acara mewakili kepala dinas dan meminta warga memakai bantuan
ini sebaik-baiknya supaya tujuan program tercapai.</p>
<p>Narasumber dari Dinas Sosial Provinsi Sumatera Barat, Drs. Burhanudin, menerangkan bahwa
program ini hendak membangun kehidupan bersama yang rukun, bertumpu pada kebersamaan,
toleransi dan sikap saling menghormati. Wujudnya dapat berupa sarana fisik, seperti jalan
kampung, sarana ibadah, lapangan olahraga, saluran air, air bersih, penerangan lingkungan dan
tugu keserasian sosial, maupun kegiatan non-fisik yang mengikutsertakan warga.</p>
<p>Ia juga mengingatkan agar bantuan dipertanggungjawabkan dengan rapi, baik fisiknya maupun
administrasinya. Bila pelaksanaannya baik, kelurahan dapat diusulkan untuk menerima bantuan
lanjutan sebagai Desa Berketahanan Sosial.</p>
<p>Acara turut dihadiri Lurah Tanah Garam, Asril, Bhabinkamtibmas Kelurahan Tanah Garam dari
Polres Solok, dan Babinsa Koramil 0309-01/Kubung. Lurah berpesan agar warga Payo merawat
gedung yang dibangun dan memakainya untuk kegiatan yang bermanfaat.</p>
"""


SOLOK_AGREEMENTS = """\
Warga Payo bersama pengurus forum merawat gedung serbaguna dan memakainya untuk kegiatan \
kemasyarakatan yang bermanfaat.
Bantuan dipertanggungjawabkan dengan tertib, baik fisik bangunannya maupun administrasinya."""


BAUBAU_BODY = """
<p>Dinas Sosial Kota Baubau, lewat Bidang Perlindungan dan Jaminan Sosial, terus membentuk dan
membina Forum Keserasian Sosial (FKS) di tingkat kelurahan. Program Kementerian Sosial RI ini
dipakai untuk mencegah dan menangani konflik sosial agar setiap kelurahan di Kota Baubau
makin aman dan tenteram.</p>
<p>Kepala Bidang Perlindungan dan Jaminan Sosial, Nasruddin Mukmin, menjelaskan bahwa program
ini ingin menumbuhkan kehidupan bersama yang rukun, dengan kebersamaan, toleransi dan sikap
saling menghargai sebagai dasarnya.</p>
<p>Kota Baubau pertama kali menerima program ini pada 2015 untuk tiga forum. Gesekan antara
kelompok pemuda dan warga masih mudah tersulut, dan konflik di kabupaten tetangga dikhawatirkan
merembet ke Baubau. Karena itu Dinas Sosial kembali dipercaya membentuk dan membina dua forum
baru.</p>
<h2>Kegiatan fisik dan non-fisik</h2>
<p>Selain kegiatan non-fisik, forum membangun sarana bersama yang dikerjakan dengan melibatkan
warga, antara lain:</p>
<ul>
<li>jalan kampung;</li>
<li>rehabilitasi sarana ibadah;</li>
<li>lapangan olahraga;</li>
<li>rehabilitasi saluran air lingkungan;</li>
<li>sarana air bersih;</li>
<li>penerangan lingkungan;</li>
<li>tugu keserasian sosial.</li>
</ul>
<p>Hasilnya memang belum sempurna, tetapi manfaatnya sudah terasa, baik bagi pihak yang pernah
berselisih maupun bagi warga di sekitarnya.</p>
"""


# Kemendagri's 2012 data: 104 social conflicts by trigger, as a share of them.
CONFLICT_TRIGGERS_2012 = [
    ("Bentrokan antarwarga", "33,6"),
    ("Isu keamanan", "25"),
    ("Sengketa lahan", "12,5"),
    ("Isu SARA", "9,6"),
    ("Konflik organisasi kemasyarakatan", "5"),
    ("Konflik di lembaga pendidikan", "2,8"),
    ("Ekses konflik politik", "2"),
    ("Kesenjangan sosial", "0,9"),
]


PROBOLINGGO_BODY = """
<p>Badan Koordinasi Wilayah (Bakorwil) V Jember memfasilitasi rapat sinkronisasi untuk
memperkuat Jaringan Keserasian Sosial di ruang pertemuan Tengger, Kantor Bupati Probolinggo,
pada Kamis, 6 September 2018. Rapat dibuka Kepala Bakorwil V Jember, R. Tjahjo Widodo, dan
diikuti unsur Satpol PP, Bakesbangpol, Dinas Sosial, Kominfo, FKUB serta para camat dari
wilayah kerja Bakorwil V Jember.</p>
<p>Kepala Bidang Kemasyarakatan Bakorwil V Jember, Mamok Bisowarno, menyebut rapat ini sebagai
upaya menyatukan cara pandang dan langkah para pihak dalam mencegah serta menangani konflik
sosial melalui program keserasian sosial.</p>
<p>Tjahjo Widodo menekankan perlunya kerja sama lintas instansi agar warga hidup rukun, saling
menghormati dan saling membutuhkan. Menurutnya, Pancasila menjadi ukuran dasar keserasian
sosial dalam sikap dan perilaku sehari-hari.</p>
<h2>Gambaran konflik sosial tahun 2012</h2>
<p>Kementerian Dalam Negeri mencatat 104 konflik sosial sepanjang 2012. Menurut pemicunya,
porsinya sebagai berikut:</p>
<ul>
{triggers}
</ul>
<p>Sebagian besar kasus itu sudah ditangani, tetapi dampaknya masih membekas: trauma bagi
yang mengalaminya dan hubungan antarwarga yang merenggang.</p>
"""


PROBOLINGGO_AGREEMENTS = """\
Instansi di wilayah kerja Bakorwil V Jember menyamakan persepsi dan langkah dalam mencegah \
serta menangani konflik sosial.
Jaringan kerja sama keserasian sosial antara Satpol PP, Bakesbangpol, Dinas Sosial, Kominfo, \
FKUB dan kecamatan diperkuat."""
