from django.urls import path

from .views import exams, people, records

app_name = "people"
urlpatterns = [
    path("", people.person_list, name="person-list"),
    path("export/", people.person_export, name="person-export"),
    path("new/", people.person_create, name="person-create"),
    path("<int:pk>/", people.person_detail, name="person-detail"),
    path("<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("<int:pk>/move/", people.person_move, name="person-move"),
    path("<int:pk>/leave/", people.person_leave, name="person-leave"),
    path("<int:pk>/level/", people.level_grant, name="level-grant"),
    path("<int:pk>/certificate/", people.certificate_add, name="certificate-add"),
    path("exams/", exams.exam_list, name="exam-list"),
    path("exams/new/", exams.exam_create, name="exam-create"),
    path("exams/<int:pk>/", exams.exam_detail, name="exam-detail"),
    path("exams/<int:pk>/candidates/", exams.candidate_add, name="candidate-add"),
    path("exams/<int:pk>/marks/", exams.exam_marks, name="exam-marks"),
    path("exams/<int:pk>/decide/", exams.exam_decide, name="exam-decide"),
    path("exams/<int:pk>/decision.docx", exams.exam_decision, name="exam-decision"),
    path("candidates/<int:pk>/admit/", exams.candidate_override, name="candidate-override"),
    path("certificates/", records.certificate_list, name="certificate-list"),
    path("certificates/export/", records.certificate_export, name="certificate-export"),
    path("establishment/", records.establishment, name="establishment"),
    path("establishment/export/", records.establishment_export, name="establishment-export"),
    path("establishment/set/", records.establishment_set, name="establishment-set"),
]
