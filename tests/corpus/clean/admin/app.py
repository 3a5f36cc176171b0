"""The back-office admin: a small Flask app behind the company SSO proxy."""

import os

from flask import Flask, jsonify, render_template
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["ADMIN_SECRET_KEY"],
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
    REMEMBER_COOKIE_SECURE=True,
    WTF_CSRF_ENABLED=True,
)
csrf = CSRFProtect(app)
CORS(app, origins=["https://admin.shop.example.com"], supports_credentials=True)


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/")
def dashboard():
    return render_template("dashboard.html")


if __name__ == "__main__":
    app.run(
        host="127.0.0.1",
        port=int(os.environ.get("PORT", "5000")),
        debug=os.environ.get("FLASK_DEBUG") == "1",
    )
