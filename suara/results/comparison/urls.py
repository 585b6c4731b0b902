"""The comparison of the count with other sources, under /hasil/<contest>/perbandingan/."""

from django.urls import path

from suara.results.comparison import views as views_comparison

app_name = "results_comparison"

urlpatterns = [
    path("<slug:contest>/perbandingan/", views_comparison.comparison_page, name="comparison_national"),
    path("<slug:contest>/perbandingan/<str:code>/", views_comparison.comparison_page, name="comparison"),
]
