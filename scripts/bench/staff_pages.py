"""Helpers of scripts/bench-cases.sh: a demo staff member's session cookie,
and the address of an inbox page reached by following "next" links.

Usage: staff_pages.py cookie BASE USERNAME
       staff_pages.py page BASE COOKIE PATH N
"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fuzz  # noqa: E402  (the fuzzer's client and sign-in)


def cookie(base, username):
    c = fuzz.sign_in(base, username)
    if c is None:
        sys.exit(f"could not sign in as {username}")
    return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


def page(base, jar, path, n):
    c = fuzz.Client(base)
    for pair in jar.split("; "):
        k, _, v = pair.partition("=")
        c.cookies[k] = v
    for _ in range(n - 1):
        status, _, body = c.get(path)
        found = re.search(r'<a href="([^"]+)" rel="next"', body.decode())
        if status != 200 or not found:
            sys.exit(f"no page after {path}")
        path = html.unescape(found.group(1))
    return path


if __name__ == "__main__":
    if sys.argv[1] == "cookie":
        print(cookie(sys.argv[2], sys.argv[3]))
    else:
        print(page(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))
