from django.db.models.expressions import RawSQL
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from .models import Order, Product
from .security import new_session_token

NEW_BADGE = mark_safe('<span class="badge badge-new">new</span>')

BEST_SELLERS = """
SELECT COUNT(*) FROM shop_orderline
WHERE shop_orderline.product_id = shop_product.id AND shop_orderline.created_at > %s
"""


def product_badge(product):
    if product.is_new:
        return NEW_BADGE
    return format_html('<span class="badge">{}</span>', product.category.name)


def tag_links(product):
    tags = ((tag.slug, tag.name) for tag in product.tags.all())
    return format_html_join(", ", '<a href="/tags/{}/">{}</a>', tags)


def rating_stars(product):
    return mark_safe("&#9733;" * int(product.rating))


def feature_items(product):
    return mark_safe("".join(format_html("<li>{}</li>", feature) for feature in product.features))


def feature_list(product):
    items = "".join(format_html("<li>{}</li>", feature) for feature in product.features)
    return mark_safe(f'<ul class="features">{items}</ul>') if items else ""


def search(request):
    term = request.GET.get("q", "")
    products = Product.objects.raw(
        "SELECT id, name, price FROM shop_product WHERE name ILIKE %s ORDER BY name",
        ["%" + term + "%"],
    )
    return render(request, "shop/search.html", {"products": products, "term": term})


def best_sellers(request, since):
    products = Product.objects.annotate(sold=RawSQL(BEST_SELLERS, [since])).order_by("-sold")[:10]
    recent = Order.objects.extra(where=["customer_id = %s"], params=[request.user.pk])
    return render(request, "shop/best_sellers.html", {"products": products, "recent": recent})


@require_POST
def login_view(request):
    response = JsonResponse({"ok": True})
    response.set_cookie(
        "session_token",
        new_session_token(),
        max_age=3600,
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    return response


def set_language(request, code):
    response = HttpResponse(status=204)
    response.set_cookie("django_language", code, secure=True, httponly=True, samesite="Lax")
    return response


def set_theme(request, theme):
    # The page's scripts read the theme to switch styles before the first paint.
    response = HttpResponse(status=204)
    response.set_cookie("theme", theme, secure=True, httponly=False, samesite="Lax")
    return response
