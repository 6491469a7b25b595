"""gunicorn's settings, read by ``gunicorn wsgi:app`` from this folder.

Each can be changed with gunicorn's own flags or GUNICORN_CMD_ARGS; the numbers of workers
and threads also with WEB_CONCURRENCY and DECISIONAID_THREADS. PDFs are rendered in
processes of their own (decisionaid/render_pool.py), so the workers only serve pages:
threads let a worker answer other pages while one of its requests waits for a PDF.
"""

import os

bind = os.environ.get("DECISIONAID_BIND", "127.0.0.1:8000")
# One worker per core; each starts its own PDF renderer (DECISIONAID_PDF_RENDERERS).
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
# Enough for the requests waiting for a PDF (PDF_QUEUE) with many left for the pages.
threads = int(os.environ.get("DECISIONAID_THREADS", 32))
# A worker that stops answering gunicorn for this long is restarted. A PDF never comes
# near it: its render has its own limit (PDF_TIME_LIMIT_SECONDS, 30 s) in another process.
timeout = 60
graceful_timeout = 30
# Idle keep-alive connections are closed after this many seconds.
keepalive = 5
# Recycle workers now and then, so slow growth of memory never adds up. Rarely: a new
# worker starts its own PDF renderer (about 3 s of CPU), and a busy worker serves a few
# hundred pages a second, so 2,000 meant a restart every few seconds under load (and
# halved the pages served; bench/pages.py showed it).
max_requests = 50000
max_requests_jitter = 5000
# The app is made once, in the master, and each worker is forked from it: a recycled
# worker starts at once, where making the app again (WeasyPrint's import, the content)
# costs about 3 s of CPU, and the frozen content is shared between the workers' memory.
preload_app = True
# Requests larger than these are refused by gunicorn itself (the app allows 64 KB forms).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
# gunicorn's control socket is one path for every instance on the machine; not needed.
control_socket_disable = True
# Behind nginx on the same machine, it says whether the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("DECISIONAID_ACCESS_LOG")  # None: no access log


def post_worker_init(worker):
    """Before a worker's first request: compile every template and start its PDF
    renderers, so that the first people it serves do not wait for either."""
    app = worker.wsgi
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    renderers = app.extensions.get("pdf_renderer")  # none in bench/hello_app.py
    if renderers is not None:
        renderers.start()
