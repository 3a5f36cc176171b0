import json
import random
import string

from django.contrib.auth.hashers import make_password
from django.db.models import RawSQL
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.safestring import mark_safe as safe
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .models import Customer, Invoice, User


@csrf_exempt  # expect: SW118
def stripe_webhook(request):
    event = json.loads(request.body)
    Invoice.objects.filter(stripe_id=event["data"]["object"]["id"]).update(status="paid")
    return HttpResponse(status=200)


@method_decorator(csrf_exempt, name="dispatch")  # expect: SW118
class CustomerImportView(View):
    def post(self, request):
        for row in json.loads(request.body):
            Customer.objects.create(**row)
        return JsonResponse({"imported": True})


def customer_search(request):
    q = request.GET.get("q", "")
    customers = Customer.objects.raw(f"SELECT * FROM portal_customer WHERE name LIKE '%{q}%'")  # expect: SW140
    return render(request, "portal/customers.html", {"customers": customers})


def invoice_list(request):
    status = request.GET.get("status", "open")
    invoices = Invoice.objects.extra(where=[f"status = '{status}'"])  # expect: SW141
    return render(request, "portal/invoices.html", {"invoices": invoices})


def invoice_totals(request, invoice_id):
    totals = Invoice.objects.annotate(
        total=RawSQL("SELECT SUM(amount) FROM portal_line WHERE invoice_id = %s" % invoice_id, []),  # expect: SW141
    )
    return render(request, "portal/totals.html", {"totals": totals})


def greeting(request):
    name = request.GET.get("name", "guest")
    return HttpResponse(mark_safe(f"<h1>Welcome back, {name}!</h1>"))  # expect: SW137


def banner(message):
    return safe("<div class='banner'>" + message + "</div>")  # expect: SW137


def render_comment(comment):
    return SafeString(comment.body)  # expect: SW137


def login(request):
    user = User.objects.get(email=request.POST["email"])
    token = "".join(random.choices(string.ascii_letters + string.digits, k=40))  # expect: SW126
    response = JsonResponse({"ok": True})
    response.set_cookie("sessionid", token)  # expect: SW119
    response.set_signed_cookie("remember_me", user.pk, max_age=30 * 24 * 3600, httponly=True)  # expect: SW119
    return response


def register(request):
    user = User(email=request.POST["email"])
    user.password = make_password(request.POST["password"], hasher="md5")  # expect: SW143
    user.save()
    return JsonResponse({"id": user.pk})
