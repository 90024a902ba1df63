from django.urls import path

from certificates import record_views, views

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/check/", views.verify_check_pdf, name="verify_check_pdf"),
    path("verify/many/", views.verify_bulk, name="verify_bulk"),
    path("verify/<str:code>/", views.verify_detail, name="verify_detail"),
    path("openbadges/issuer", views.openbadge_issuer, name="openbadge_issuer"),
    path(
        "openbadges/contexts/micro-credential-v1.json",
        views.openbadge_micro_credential_context,
        name="openbadge_micro_credential_context",
    ),
    path(
        "openbadges/achievements/<uuid:key>",
        views.openbadge_achievement,
        name="openbadge_achievement",
    ),
    path(
        "openbadges/achievements/<uuid:key>/image.<str:image_format>",
        views.openbadge_achievement_image,
        name="openbadge_achievement_image",
    ),
    path(
        "openbadges/credentials/<str:code>",
        views.openbadge_credential,
        name="openbadge_credential",
    ),
    path(
        "openbadges/credentials/<str:code>/badge.<str:image_format>",
        views.openbadge_baked_badge,
        name="openbadge_baked_badge",
    ),
    path(
        "openbadges/status/revocation",
        views.openbadge_status_list,
        name="openbadge_status_list",
    ),
    path(
        "openbadges/status/revocation/<int:number>",
        views.openbadge_status_list,
        name="openbadge_status_list_number",
    ),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<str:code>/revoke/", views.revoke, name="certificate_revoke"),
    path("certificates/<str:code>/reissue/", views.reissue, name="certificate_reissue"),
    path(
        "trainer/cohorts/<str:code>/certificates/",
        views.cohort_certificates,
        name="trainer_cohort_certificates",
    ),
    path(
        "trainer/cohorts/<str:code>/certificates/issue/",
        views.issue_cohort,
        name="trainer_issue_cohort",
    ),
    path(
        "trainer/cohorts/<str:code>/certificates/jobs/<str:job_id>/",
        views.issue_cohort_job,
        name="trainer_issue_cohort_job",
    ),
    path(
        "trainer/cohorts/<str:code>/certificates/zip/",
        views.cohort_zip_start,
        name="trainer_cohort_zip",
    ),
    path(
        "trainer/cohorts/<str:code>/certificates/zip/<str:job_id>/",
        views.cohort_zip_job,
        name="trainer_cohort_zip_job",
    ),
    path(
        "trainer/cohorts/<str:code>/certificates/zip/<str:job_id>/download/",
        views.cohort_zip_download,
        name="trainer_cohort_zip_download",
    ),
    path(
        "trainer/cohorts/<str:code>/learners/<int:learner_id>/certificate/",
        views.issue_one,
        name="trainer_issue_one",
    ),
]

urlpatterns += [
    path("learn/record/", record_views.learner_record_page, name="learner_record"),
    path(
        "learn/record/record.pdf",
        record_views.learner_record_pdf,
        name="learner_record_pdf",
    ),
    path(
        "learn/record/links/<str:code>/withdraw/",
        record_views.record_link_withdraw,
        name="record_link_withdraw",
    ),
    path("record/<str:code>/", record_views.record_shared, name="record_shared"),
    path(
        "record/<str:code>/record.pdf",
        record_views.record_shared_pdf,
        name="record_shared_pdf",
    ),
]
