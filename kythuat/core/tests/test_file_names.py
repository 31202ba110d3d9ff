"""File names of downloads keep Vietnamese readable: "đ" becomes "d" instead of vanishing."""

from kythuat.core.text import file_slug


def test_file_names_keep_every_letter():
    assert file_slug("Biên bản bàn giao 00012/ĐC-2026") == "bien-ban-ban-giao-00012dc-2026"
    assert file_slug("Đơn vị Sư đoàn 346") == "don-vi-su-doan-346"
    assert file_slug("") == ""
