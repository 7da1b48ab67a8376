import io

from django.core.management import call_command

from madang.boards.models import Board, Category, Post


def test_repair_counters_recounts_posts_and_comments(board, make_post, make_comment):
    category = board.categories.first()
    post = make_post(board, category=category)
    make_post(board)
    make_comment(post)
    make_comment(post)
    Board.objects.update(post_count=77)
    Category.objects.update(post_count=5)
    Post.objects.update(comment_count=40)
    call_command("repair_counters", stdout=io.StringIO())
    board.refresh_from_db()
    category.refresh_from_db()
    assert board.post_count == 2
    assert category.post_count == 1
    assert dict(Post.objects.values_list("number", "comment_count")) == {1: 2, 2: 0}
