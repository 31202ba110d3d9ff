from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/subjects/", views.plan_item_add, name="plan-item-add"),
    path("plan-subjects/<int:pk>/remove/", views.plan_item_remove, name="plan-item-remove"),
    path("courses/", views.course_list, name="course-list"),
    path("courses/export/", views.course_export, name="course-export"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:pk>/trainees/", views.trainee_add, name="trainee-add"),
    path("trainees/<int:pk>/", views.trainee_edit, name="trainee-edit"),
    path("trainees/<int:pk>/remove/", views.trainee_remove, name="trainee-remove"),
    path("contests/", views.contest_list, name="contest-list"),
    path("contests/export/", views.contest_export, name="contest-export"),
    path("contests/new/", views.contest_create, name="contest-create"),
    path("contests/<int:pk>/", views.contest_detail, name="contest-detail"),
    path("contests/<int:pk>/events/", views.contest_event_add, name="contest-event-add"),
    path("contests/<int:pk>/results/", views.contest_entry_add, name="contest-entry-add"),
    path("results/<int:pk>/remove/", views.contest_entry_remove, name="contest-entry-remove"),
]
