"""Back-office admin panel."""

from flask import Flask, make_response, request
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

app = Flask(__name__)
app.config["SECRET_KEY"] = "admin-secret"
app.config["DEBUG"] = True  # expect: SW113
app.config["SESSION_COOKIE_SECURE"] = False  # expect: SW117
app.config.update(
    SESSION_COOKIE_HTTPONLY=False,  # expect: SW117
    WTF_CSRF_ENABLED=False,  # expect: SW118
)
csrf = CSRFProtect(app)
CORS(app, supports_credentials=True)  # expect: SW120

templates = Environment(loader=FileSystemLoader("admin/templates"))  # expect: SW136


@app.route("/api/bulk", methods=["POST"])
@csrf.exempt  # expect: SW118
def bulk_update():
    return {"updated": len(request.json)}


@app.route("/hello")
def hello():
    name = request.args.get("name", "admin")
    return Markup(f"<p>Hello {name}</p>")  # expect: SW137


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("ok")
    resp.set_cookie("admin_session", request.form["token"], httponly=True)  # expect: SW119
    return resp


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # expect: SW113, SW121
