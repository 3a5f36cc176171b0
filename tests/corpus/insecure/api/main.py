"""Public API for the mobile app."""

import fastapi
import uvicorn
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware as Cors

DEBUG = True
ORIGINS = ["*"]

app = FastAPI(title="portal-api", debug=DEBUG)  # expect: SW115
app.add_middleware(  # expect: SW120
    Cors,
    allow_origins=ORIGINS,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

internal = fastapi.FastAPI(**{"title": "internal", "debug": True})  # expect: SW115


@app.post("/token")
async def token(response: Response, username: str):
    response.set_cookie(key="access_token", value=f"token-for-{username}", httponly=True)  # expect: SW119
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run("api.main:app", host="0.0.0.0", port=8000, reload=True)  # expect: SW121
