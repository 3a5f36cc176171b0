"""The storefront API."""

import os

import uvicorn
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware

from shop.security import new_session_token

app = FastAPI(title="shop-api", debug=os.environ.get("API_DEBUG") == "1")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://shop.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)


@app.post("/session")
async def open_session(response: Response) -> dict:
    response.set_cookie(key="session_token", value=new_session_token(), secure=True, httponly=True, samesite="strict")
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run("api.main:app", host=os.environ.get("API_HOST", "127.0.0.1"), port=8000)
