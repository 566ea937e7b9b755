from django.urls import path

from . import views

urlpatterns = [
    path("reports/funding/", views.funding_summary, name="funding_summary"),
    path("reports/funding.csv", views.funding_csv, name="funding_csv"),
    path("reports/funding.xlsx", views.funding_xlsx, name="funding_xlsx"),
    path("reports/targeting/", views.conflict_targeting, name="conflict_targeting"),
    path("reports/eligibility/", views.village_eligibility, name="village_eligibility"),
    path(
        "reports/eligibility/<str:code>/",
        views.village_eligibility_detail,
        name="village_eligibility_detail",
    ),
    path("reports/eligibility.csv", views.village_eligibility_csv, name="village_eligibility_csv"),
    path(
        "reports/eligibility.xlsx", views.village_eligibility_xlsx, name="village_eligibility_xlsx"
    ),
    path("reports/register/", views.activity_register, name="activity_register"),
    path("reports/register.pdf", views.activity_register_pdf, name="activity_register_pdf"),
    path("reports/register.csv", views.activity_register_csv, name="activity_register_csv"),
    path("reports/register.xlsx", views.activity_register_xlsx, name="activity_register_xlsx"),
    path("reports/downloads/<uuid:pk>/", views.export_job, name="export_job"),
    path("reports/downloads/<uuid:pk>/status", views.export_job_status, name="export_job_status"),
    path("reports/downloads/<uuid:pk>/file", views.export_job_download, name="export_job_download"),
]
