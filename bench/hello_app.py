"""The baselines of bench/pages.py, served by the same gunicorn: the smallest Flask app
(hello-world), and a response as large as a step page's that costs nothing to make."""

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"


@app.get("/same-size")
def same_size() -> Response:
    """``?body=N&headers=M&count=K``: N bytes of body and K headers of about M bytes in all
    (padding), made by nothing: what sending a page of that shape costs, without the work
    of making it."""
    body, size, count = (int(request.args.get(name, "0")) for name in ("body", "headers", "count"))
    response = Response(b"x" * body, mimetype="text/html")
    padding = max(0, size - len(str(response.headers))) // max(1, count)
    for number in range(count):
        response.headers[f"X-Padding-{number}"] = "x" * padding
    return response
