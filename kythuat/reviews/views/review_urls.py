"""Routes of the review screens (reviews, plans, committee, submissions)."""

from django.urls import path

from . import reviews

urlpatterns = [
    path("", reviews.review_list, name="review-list"),
    path("export.xlsx", reviews.review_export, name="review-export"),
    path("new/", reviews.review_create, name="review-create"),
    path("<int:pk>/", reviews.review_detail, name="review-detail"),
    path("<int:pk>/edit/", reviews.review_edit, name="review-edit"),
    path("<int:pk>/status/", reviews.review_status, name="review-status"),
    path("<int:pk>/submissions/", reviews.review_submissions, name="review-submissions"),
    path("<int:pk>/submissions.xlsx", reviews.review_submissions_export,
         name="review-submissions-export"),
    path("<int:pk>/members/new/", reviews.member_create, name="member-create"),
    path("members/<int:pk>/edit/", reviews.member_edit, name="member-edit"),
    path("members/<int:pk>/delete/", reviews.member_delete, name="member-delete"),
    path("<int:pk>/plan/new/", reviews.plan_create, name="plan-create"),
    path("<int:pk>/plan/all/", reviews.plan_all, name="plan-all"),
    path("plan/<int:pk>/edit/", reviews.plan_edit, name="plan-edit"),
    path("plan/<int:pk>/delete/", reviews.plan_delete, name="plan-delete"),
]
