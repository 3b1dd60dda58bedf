"""Build newsdesk's own extraction gold: HTML pages in varied news-site layouts, with their main text.

    python tests/data/extraction/build.py

reads `articles.txt` (texts written for these tests; people and events invented) and writes
`pages/<id>.html`, `nonarticles/*.html` (home, tag, search and error pages) and `gold.jsonl` in the
`extraction` format of ../shared/eval/README.md (`gold_text` = the article body: paragraphs,
subheadings, list items, quotations and table cells; not the title, byline, captions or any
boilerplate). Layouts are chosen per article in turn; each surrounds the body with what real sites
put around it: navigation, share bars, inline "read more" links, ads, newsletter boxes, related
stories, comments, cookie banners and footers. The output is deterministic.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


# --- articles ------------------------------------------------------------------------------------

def parse_articles(path: Path) -> list[dict]:
    articles: list[dict] = []
    current: dict | None = None
    in_body = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") and current is None:
            continue
        if raw.startswith("=== "):
            current = {"id": raw[4:].strip(), "body": []}
            articles.append(current)
            in_body = False
            continue
        if current is None or not raw.strip():
            continue
        if not in_body:
            if raw.strip() == "---":
                in_body = True
            else:
                key, _, value = raw.partition(":")
                current[key.strip()] = value.strip()
            continue
        current["body"].append(raw.strip())
    return articles


def blocks(article: dict) -> list[tuple[str, object]]:
    """The body as (kind, content) blocks: p, h2, ul (list of items), quote, table (rows of cells)."""
    out: list[tuple[str, object]] = []
    for line in article["body"]:
        if line.startswith("## "):
            out.append(("h2", line[3:]))
        elif line.startswith("- "):
            if out and out[-1][0] == "ul":
                out[-1][1].append(line[2:])  # type: ignore[union-attr]
            else:
                out.append(("ul", [line[2:]]))
        elif line.startswith("> "):
            out.append(("quote", line[2:]))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if out and out[-1][0] == "table":
                out[-1][1].append(cells)  # type: ignore[union-attr]
            else:
                out.append(("table", [cells]))
        else:
            out.append(("p", line))
    return out


def gold_text(article: dict) -> str:
    lines: list[str] = []
    for kind, content in blocks(article):
        if kind == "ul":
            lines.extend(content)  # type: ignore[arg-type]
        elif kind == "table":
            lines.extend(" ".join(row) for row in content)  # type: ignore[union-attr]
        else:
            lines.append(str(content))
    return "\n".join(lines)


def e(text: str) -> str:
    return html.escape(text, quote=True)


def body_html(article: dict, p_tag: str = "p", p_attr: str = "", inserts: dict[int, str] | None = None,
              br_paragraphs: bool = False) -> str:
    """The body blocks as HTML; `inserts` puts boilerplate after the n-th block."""
    parts: list[str] = []
    for i, (kind, content) in enumerate(blocks(article)):
        if kind == "p":
            if br_paragraphs:
                parts.append(f"{e(str(content))}<br><br>")
            else:
                parts.append(f"<{p_tag}{p_attr}>{e(str(content))}</{p_tag}>")
        elif kind == "h2":
            parts.append(f"<h2>{e(str(content))}</h2>")
        elif kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in content) + "</ul>")  # type: ignore[union-attr]
        elif kind == "quote":
            parts.append(f"<blockquote><p>{e(str(content))}</p></blockquote>")
        elif kind == "table":
            rows = content  # type: ignore[assignment]
            head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
            parts.append(f"<table class=\"data\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if inserts and i in inserts:
            parts.append(inserts[i])
    return "\n".join(parts)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70]


def others(articles: list[dict], article: dict, n: int, offset: int = 1) -> list[dict]:
    i = articles.index(article)
    return [articles[(i + offset + k) % len(articles)] for k in range(n) if articles[(i + offset + k) % len(articles)] is not article]


def human_date(iso: str, lang: str = "en") -> str:
    months = {
        "en": "January February March April May June July August September October November December",
        "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    }[lang].split()
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    if lang == "en":
        return f"{d} {months[m - 1]} {y}"
    if lang == "de":
        return f"{d}. {months[m - 1]} {y}"
    return f"{d} {months[m - 1]} {y}" if lang == "fr" else f"{d} de {months[m - 1]} de {y}"


COMMENTS = [
    ("RiverWatcher", "I have lived here for thirty years and this is the first time anyone has actually asked residents what they think. Better late than never, I suppose."),
    ("jkb_1984", "Who is going to pay for all of this in the end? It is always the same people."),
    ("Marion T.", "Thanks for covering this. The national papers never bother with stories like this one, and it matters a great deal to those of us who live nearby."),
    ("northern_lass", "Completely agree with the previous comment. We need more reporting like this and less celebrity gossip."),
    ("PeteD", "The photo caption is wrong, that is not the old mill, it is the tannery on the other side of the river."),
    ("Anonymous", "Nothing will change. They said the same thing five years ago and nothing happened then either."),
    ("GreenFingers", "Does anyone know whether the meeting next month will be streamed online? Some of us work evenings and cannot get there in person."),
    ("Sam R", "Great piece. Shared it with my neighbours on the street group chat."),
]
NAV = ["News", "Local", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Travel", "Puzzles"]


def nav_html(site: str, cls: str = "main-nav") -> str:
    links = "".join(f'<li><a href="/{slug(x)}">{x}</a></li>' for x in NAV)
    return f'<nav class="{cls}"><a class="logo" href="/">{e(site)}</a><ul>{links}</ul></nav>'


def footer_html(site: str, year: str) -> str:
    return (f'<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
            f'<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>'
            f'<li><a href="/advertise">Advertise with us</a></li></ul>'
            f'<p>© {year} {e(site)} Media Group. All rights reserved. Registered in England No. 0481516.</p></footer>')


def comments_html(n: int, start: int = 0) -> str:
    items = []
    for k in range(n):
        name, text = COMMENTS[(start + k) % len(COMMENTS)]
        items.append(f'<li class="comment"><div class="comment-author"><b>{e(name)}</b> <span class="says">says:</span></div>'
                     f'<div class="comment-meta"><a href="#c{k}">3 days ago</a></div>'
                     f'<div class="comment-content"><p>{e(text)}</p></div><a class="reply" href="#">Reply</a></li>')
    return (f'<section id="comments" class="comments-area"><h3 class="comments-title">{n} thoughts on this story</h3>'
            f'<ol class="comment-list">{"".join(items)}</ol>'
            '<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p>'
            '<form><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></section>')


def jsonld(article: dict, url: str, site: str, modified: str | None = None, body: bool = False) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
            "datePublished": article["date"], "author": {"@type": "Person", "name": article["author"]},
            "publisher": {"@type": "Organization", "name": site}, "mainEntityOfPage": url}
    if modified:
        data["dateModified"] = modified
    if body:
        data["articleBody"] = " ".join(line.lstrip("#-> ") for line in article["body"] if not line.startswith("|"))
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def later(iso: str, days: int = 2) -> str:
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    d = min(28, d + days)
    return f"{y:04d}-{m:02d}-{d:02d}T09:15:00+00:00"


def head(article: dict, url: str, site: str, extra: str = "", og: bool = True, lang: str | None = None) -> str:
    meta = ""
    if og:
        meta = (f'<meta property="og:title" content="{e(article["title"])}"><meta property="og:type" content="article">'
                f'<meta property="og:url" content="{e(url)}"><meta property="og:site_name" content="{e(site)}">'
                f'<meta name="description" content="{e(article["body"][0][:150])}">')
    return (f'<!DOCTYPE html>\n<html lang="{lang or article["lang"]}"><head><meta charset="utf-8">'
            f'<title>{e(article["title"])} | {e(site)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}'
            f'<link rel="canonical" href="{e(url)}"><link rel="stylesheet" href="/static/site.css">{extra}'
            '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script></head>')


# --- layouts -------------------------------------------------------------------------------------

def layout_wordpress(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    site = "The Valley Courier"
    url = f"https://valleycourier.example/{a['date'][:4]}/{a['date'][5:7]}/{slug(a['title'])}/"
    related = "".join(f'<li><a href="/{slug(o["title"])}">{e(o["title"])}</a></li>' for o in others(arts, a, 3))
    recent = "".join(f'<li><a href="/{slug(o["title"])}">{e(o["title"])}</a></li>' for o in others(arts, a, 5, 4))
    page = (head(a, url, site) + '<body class="post-template-default single single-post">'
            + f'<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">{site}</a></p>'
            + '<p class="site-description">News from the valley since 1891</p>' + nav_html(site, "main-navigation") + '</header>'
            + '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">'
            + f'<article id="post-{1000 + i}" class="post type-post status-publish format-standard hentry">'
            + f'<header class="entry-header"><h1 class="entry-title">{e(a["title"])}</h1>'
            + f'<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{a["date"]}">{human_date(a["date"])}</time>'
            + f'<time class="updated" datetime="{later(a["date"])}">{human_date(later(a["date"]))}</time></span>'
            + f' <span class="byline">by <span class="author vcard"><a class="url fn n" href="/author/{slug(a["author"])}">{e(a["author"])}</a></span></span></div></header>'
            + f'<div class="entry-content">{body_html(a)}'
            + '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li><li><a href="#">Email</a></li></ul></div>'
            + '<div class="sharedaddy sd-like"><h3>Like this:</h3><p>Like Loading...</p></div>'
            + f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><ul>{related}</ul></div></div>'
            + f'<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/{slug(a["section"])}" rel="category tag">{e(a["section"])}</a></span>'
            + '<span class="tags-links">Tagged <a href="/tag/council">council</a>, <a href="/tag/valley">valley</a></span></footer></article>'
            + '<nav class="navigation post-navigation"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">'
            + f'<div class="nav-previous"><a href="#">Previous: {e(others(arts, a, 1, 7)[0]["title"])}</a></div></div></nav>'
            + comments_html(5, i) + '</main></div>'
            + f'<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>'
            + '<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li><a href="#">October 2024</a></li><li><a href="#">September 2024</a></li><li><a href="#">August 2024</a></li></ul></section></aside></div>'
            + footer_html(site, a["date"][:4]) + '</div></body></html>')
    return url, page


def layout_portal(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    site = "Daily Meridian"
    url = f"https://www.dailymeridian.example/{slug(a['section'])}/{slug(a['title'])}-{20000 + i * 37}"
    nblocks = len(blocks(a))
    rm = others(arts, a, 2, 3)
    inserts = {
        min(1, nblocks - 1): '<div class="ad-slot ad-inarticle" data-ad="mpu"><span class="ad-label">Advertisement</span></div>',
        min(2, nblocks - 1): f'<p class="read-more"><strong>Read more:</strong> <a href="/{slug(rm[0]["title"])}">{e(rm[0]["title"])}</a></p>',
    }
    if nblocks > 4:
        inserts[3] = ('<aside class="newsletter-box"><h3>Morning Briefing</h3><p>Sign up for our free newsletter and get the '
                      'day\'s top stories in your inbox every morning.</p><form><input type="email" placeholder="Email address">'
                      '<button>Subscribe</button></form></aside>')
    most = "".join(f'<li><span class="rank">{k + 1}</span><a href="/{slug(o["title"])}">{e(o["title"])}</a></li>'
                   for k, o in enumerate(others(arts, a, 5, 9)))
    page = (head(a, url, site, jsonld(a, url, site, later(a["date"], 1))) + '<body>'
            + '<div class="ticker"><span>Breaking</span> <a href="/live">Live: follow the latest updates</a></div>'
            + nav_html(site) + f'<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/{slug(a["section"])}">{e(a["section"])}</a></li></ol>'
            + '<main><div class="article-container">'
            + f'<h1 class="headline">{e(a["title"])}</h1>'
            + f'<div class="byline-block"><span class="by">By <a href="/profile/{slug(a["author"])}">{e(a["author"])}</a></span>'
            + f'<span class="dateline">Published: {human_date(a["date"])} | Updated: {human_date(later(a["date"], 1))}</span></div>'
            + '<figure class="lead-image"><img src="/img/lead.jpg" alt=""><figcaption>The scene on Tuesday. Photograph: Agency staff</figcaption></figure>'
            + '<div class="share-tools"><a href="#">Share on Facebook</a><a href="#">Share on Twitter</a><a href="#">Copy link</a></div>'
            + f'<div class="article-body" itemprop="articleBody">{body_html(a, inserts=inserts)}</div>'
            + f'<div class="article-topics"><span>Topics</span><a href="/topic/{slug(a["section"])}">{e(a["section"])}</a></div></div>'
            + f'<aside class="most-read"><h2>Most read</h2><ol>{most}</ol></aside></main>'
            + footer_html(site, a["date"][:4]) + '</body></html>')
    return url, page


def layout_tables(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """An old site: tables for layout, <font>, paragraphs split by <br><br>, no metadata."""
    site = "Fenwick Gazette Online"
    url = f"http://www.fenwickgazette.example/news/story.php?id={5000 + i}"
    left = "".join(f'<a href="/{slug(x)}.php"><font size="2">{x}</font></a><br>' for x in NAV)
    headlines = "".join(f'<tr><td><font size="1"><a href="/story.php?id={6000 + k}">{e(o["title"])}</a></font></td></tr>'
                        for k, o in enumerate(others(arts, a, 4, 5)))
    body = body_html(a, br_paragraphs=True)
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{e(site)} - {e(a["title"])}</title></head>'
            '<body bgcolor="#ffffff"><table width="100%" border="0" cellpadding="4"><tr><td colspan="3" bgcolor="#003366">'
            f'<font color="#ffffff" size="5"><b>{e(site)}</b></font></td></tr><tr>'
            f'<td width="150" valign="top" bgcolor="#eeeeee">{left}<br><font size="1">Weather: 14C cloudy</font></td>'
            f'<td valign="top"><font face="Arial" size="4"><b>{e(a["title"])}</b></font><br>'
            f'<font size="2"><i>By {e(a["author"])} - {human_date(a["date"])}</i></font><br><br>'
            f'<font face="Arial" size="2">{body}</font><br>'
            '<font size="1"><a href="/print.php">Printer friendly version</a> | <a href="/email.php">Email this story</a></font></td>'
            f'<td width="180" valign="top"><table border="0"><tr><td><b>Other headlines</b></td></tr>{headlines}</table></td></tr>'
            f'<tr><td colspan="3" align="center"><font size="1">Copyright {a["date"][:4]} Fenwick Gazette. All rights reserved.</font></td></tr>'
            '</table></body></html>')
    return url, page


def layout_divsoup(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """A script-built site: hashed class names, no <article>, body text in nested divs."""
    site = "Northline Post"
    url = f"https://northlinepost.example/{a['date'][:10]}/{slug(a['title'])}"
    h = [f"css-{(i * 7919 + k * 104729) % 99991:05x}" for k in range(12)]
    paras = "".join(f'<div class="{h[3]}"><div class="{h[4]}"><p class="{h[5]}">{e(str(c))}</p></div></div>'
                    if kind == "p" else f'<div class="{h[3]}">{body_html({"body": [line]})}</div>'
                    for (kind, c), line in zip(blocks(a), _lines_for_blocks(a), strict=True))
    recs = "".join(f'<a class="{h[8]}" href="/{slug(o["title"])}"><div class="{h[9]}"><span>{e(o["title"])}</span><span class="{h[10]}">5 min read</span></div></a>'
                   for o in others(arts, a, 4, 2))
    page = (head(a, url, site, jsonld(a, url, site), og=True)
            + f'<body><div id="root"><div class="{h[0]}"><div class="{h[1]}">' + nav_html(site, h[2])
            + '<div role="dialog" class="cookie-consent"><p>We use cookies to improve your experience and to show you personalised ads. '
            + 'By clicking accept you agree to our use of cookies.</p><button>Accept all</button><button>Manage settings</button></div>'
            + f'<div class="{h[6]}"><div class="{h[7]}"><h1>{e(a["title"])}</h1></div>'
            + f'<div class="{h[11]}"><span>{e(a["author"])}</span><span>{human_date(a["date"])}</span></div>'
            + paras + '</div>'
            + f'<div class="{h[6]}"><h2>Recommended for you</h2>{recs}</div>'
            + '</div></div>' + footer_html(site, a["date"][:4]) + '</div><script src="/static/app.js"></script></body></html>')
    return url, page


def _lines_for_blocks(a: dict) -> list[str]:
    """The source lines of each block (a list or table is its lines joined), for rendering a block alone."""
    out: list[list[str]] = []
    prev = None
    for line in a["body"]:
        kind = "ul" if line.startswith("- ") else "table" if line.startswith("|") else "x"
        if kind != "x" and prev == kind:
            out[-1].append(line)
        else:
            out.append([line])
        prev = kind
    return ["\n".join(x) for x in out]


def layout_magazine(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """Long-form: pull quote repeating a sentence, author bio, tags, 'more from' grid."""
    site = "The Long Read Review"
    url = f"https://longreadreview.example/features/{slug(a['title'])}"
    first = blocks(a)[0][1]
    pull = str(first).split(". ")[0]
    inserts = {1: f'<aside class="pullquote"><blockquote>{e(pull)}</blockquote></aside>'}
    more = "".join(f'<div class="card"><a href="/features/{slug(o["title"])}"><h3>{e(o["title"])}</h3><p>{e(o["body"][0][:110])}...</p></a></div>'
                   for o in others(arts, a, 3, 6))
    page = (head(a, url, site, f'<meta property="article:published_time" content="{a["date"]}">'
                 f'<meta property="article:modified_time" content="{later(a["date"], 5)}">')
            + '<body class="feature">' + nav_html(site)
            + f'<article class="feature-article"><header><p class="kicker">{e(a["section"])}</p><h1>{e(a["title"])}</h1>'
            + f'<p class="standfirst-meta">Words by {e(a["author"])} · <time datetime="{a["date"]}">{human_date(a["date"])}</time> · 8 minute read</p></header>'
            + f'<section class="article-content"><span class="dropcap"></span>{body_html(a, inserts=inserts)}</section>'
            + f'<footer><div class="author-bio"><img src="/a.jpg" alt=""><p>{e(a["author"])} is a contributing writer at {site}. '
            + 'Their work has appeared in several national magazines.</p></div>'
            + '<div class="tags">Tags: <a href="/t/society">Society</a> <a href="/t/work">Work</a> <a href="/t/features">Features</a></div></footer></article>'
            + f'<section class="more-from"><h2>More from {e(a["section"])}</h2>{more}</section>'
            + footer_html(site, a["date"][:4]) + '</body></html>')
    return url, page


def layout_paywall(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """Full text in the page, followed by a subscription prompt and a cookie banner at the top."""
    site = "Eastport Chronicle"
    url = f"https://www.eastportchronicle.example/news/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:10]}/{slug(a['title'])}"
    page = (head(a, url, site, jsonld(a, url, site, later(a["date"], 3))) + '<body>'
            + '<div id="cookie-banner" class="consent"><p>This site uses cookies. Continue browsing to accept, or read our cookie policy.</p><button>OK</button></div>'
            + nav_html(site)
            + f'<div class="story"><h1 itemprop="headline">{e(a["title"])}</h1>'
            + f'<div class="meta"><a rel="author" href="/staff/{slug(a["author"])}">{e(a["author"])}</a>'
            + f'<time itemprop="datePublished" datetime="{a["date"]}">{human_date(a["date"])}</time></div>'
            + f'<div class="story-body">{body_html(a)}</div>'
            + '<div class="subscribe-prompt"><h3>Enjoying our journalism?</h3><p>Subscribe now for unlimited access to the Chronicle '
            + 'from just £1 a week. Cancel any time.</p><a class="btn" href="/subscribe">Subscribe</a></div>'
            + '<div class="social-follow"><p>Follow the Eastport Chronicle on Facebook and Twitter for the latest news.</p></div>'
            + '</div>' + footer_html(site, a["date"][:4]) + '</body></html>')
    return url, page


def layout_comments_heavy(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """A blog whose comment thread is longer than the post."""
    site = "Notes from the Hill"
    url = f"https://notesfromthehill.example/post/{slug(a['title'])}.html"
    page = (head(a, url, site, og=False) + '<body><div class="wrapper"><div class="header"><h2><a href="/">Notes from the Hill</a></h2>'
            + '<p>A blog about local life</p></div><div class="main"><div class="post">'
            + f'<h1 class="post-title">{e(a["title"])}</h1><p class="post-date">{human_date(a["date"])}</p>'
            + f'<div class="post-body">{body_html(a)}</div>'
            + f'<p class="post-footer">Posted by {e(a["author"])} at 09:14 | <a href="#comments">12 comments</a> | Labels: <a href="/search/label/local">local</a></p></div>'
            + comments_html(8, i) + '</div><div class="sidebar"><h2>Blog Archive</h2><ul><li>2024 (41)</li><li>2023 (57)</li><li>2022 (63)</li></ul>'
            + '<h2>About me</h2><p>Retired teacher, keen walker, writing about the town since 2009.</p></div></div></body></html>')
    return url, page


def _links(items: list[dict], prefix: str) -> str:
    return "".join(f'<li><a href="{prefix}{slug(o["title"])}">{e(o["title"])}</a></li>' for o in items)


def layout_amp(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    site = "Metro Wire"
    url = f"https://metrowire.example/amp/{slug(a['title'])}"
    inserts = {0: '<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/news"></amp-ad>'}
    page = ('<!doctype html><html amp lang="' + a["lang"] + '"><head><meta charset="utf-8">'
            + f'<title>{e(a["title"])}</title><link rel="canonical" href="{url.replace("/amp/", "/news/")}">'
            + jsonld(a, url, site) + '<style amp-custom>body{font-family:sans-serif}</style></head><body>'
            + f'<header class="amp-header"><a href="/">{site}</a><amp-social-share type="twitter"></amp-social-share></header>'
            + f'<article><h1>{e(a["title"])}</h1><div class="amp-byline">{e(a["author"])} — {human_date(a["date"])}</div>'
            + '<amp-img src="/x.jpg" width="600" height="400" layout="responsive"></amp-img>'
            + f'{body_html(a, inserts=inserts)}</article>'
            + f'<section class="amp-related"><h2>More stories</h2><ul>{_links(others(arts, a, 3, 8), "/amp/")}</ul></section>'
            + f'<footer><p>© {a["date"][:4]} Metro Wire</p></footer></body></html>')
    return url, page


FOREIGN = {
    "de": {"site": "Rundschau am Abend", "read": "Lesen Sie auch", "nl": "Jetzt den Newsletter abonnieren und keine Nachricht mehr verpassen.",
           "more": "Mehr zum Thema", "nav": "Startseite Politik Wirtschaft Sport Kultur Lokales", "cookie": "Wir verwenden Cookies, um Ihnen ein optimales Angebot zu bieten."},
    "fr": {"site": "Le Courrier du Soir", "read": "À lire aussi", "nl": "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.",
           "more": "Sur le même sujet", "nav": "Accueil Politique Économie Sport Culture Régions", "cookie": "Nous utilisons des cookies pour améliorer votre expérience."},
    "es": {"site": "Diario del Levante", "read": "Lee también", "nl": "Suscríbete a nuestro boletín y recibe las noticias más importantes del día.",
           "more": "Te puede interesar", "nav": "Portada Política Economía Deportes Cultura Sociedad", "cookie": "Utilizamos cookies propias y de terceros para mejorar nuestros servicios."},
}


def layout_foreign(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    f = FOREIGN[a["lang"]]
    site = f["site"]
    url = f"https://www.{slug(site).replace('-', '')}.example/{slug(a['section'])}/{slug(a['title'])}-{900 + i}.html"
    same = [o for o in arts if o["lang"] == a["lang"] and o is not a]
    inserts = {1: f'<p class="link-box"><strong>{f["read"]}:</strong> <a href="#">{e(same[0]["title"])}</a></p>'}
    nav = "".join(f'<li><a href="/{slug(x)}">{x}</a></li>' for x in f["nav"].split())
    page = (head(a, url, site, jsonld(a, url, site, later(a["date"], 1))) + '<body>'
            + f'<div class="cmp-banner"><p>{f["cookie"]}</p><button>OK</button></div>'
            + f'<header><a href="/" class="logo">{site}</a><nav><ul>{nav}</ul></nav></header>'
            + f'<main><article class="article"><p class="article-kicker">{e(a["section"])}</p><h1>{e(a["title"])}</h1>'
            + f'<p class="article-meta">{e(a["author"])} · {human_date(a["date"], a["lang"])}</p>'
            + f'<div class="article-text">{body_html(a, inserts=inserts)}</div>'
            + f'<div class="newsletter-teaser"><p>{f["nl"]}</p></div>'
            + f'<aside class="related"><h2>{f["more"]}</h2><ul>{_links(same[:2], "/")}</ul></aside>'
            + f'</article></main><footer><p>© {a["date"][:4]} {site}</p></footer></body></html>')
    return url, page


def layout_semantic_minimal(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """A clean static site: <article>, <time>, little boilerplate; the date only in visible text."""
    site = "Harbourside Herald"
    url = f"https://harbourside-herald.example/stories/{slug(a['title'])}"
    page = (f'<!DOCTYPE html><html lang="{a["lang"]}"><head><meta charset="utf-8"><title>{e(a["title"])}</title>'
            f'<meta name="author" content="{e(a["author"])}"></head><body>'
            f'<header><a href="/">{site}</a> <a href="/archive">Archive</a> <a href="/about">About</a></header>'
            f'<article><h1>{e(a["title"])}</h1><p class="byline">By {e(a["author"])}, {human_date(a["date"])}</p>'
            f'{body_html(a)}</article><footer><p>{site} is an independent community newspaper.</p></footer></body></html>')
    return url, page


def layout_split_body(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """The body in several sibling containers, with a video player, related links and ads between."""
    site = "The Morning Ledger"
    url = f"https://www.morningledger.example/{slug(a['section'])}/article/{slug(a['title'])}"
    lines = _lines_for_blocks(a)
    third = max(1, len(lines) // 3)
    parts = [lines[:third], lines[third:2 * third], lines[2 * third:]]
    rel = others(arts, a, 3, 11)
    between = [
        ('<div class="video-player" data-id="v123"><p class="video-title">Watch: ' + e(rel[0]["title"]) + '</p>'
         '<p class="video-duration">2:14</p></div>'),
        ('<div class="related-inline"><h4>Related coverage</h4><ul>'
         + "".join(f'<li><a href="/{slug(o["title"])}">{e(o["title"])}</a></li>' for o in rel[1:]) + '</ul></div>'
         '<div class="ad"><span>ADVERTISEMENT</span></div>'),
    ]
    body = ""
    for k, part in enumerate(parts):
        if not part:
            continue
        body += '<div class="article-body__content">' + body_html({"body": "\n".join(part).split("\n")}) + "</div>"
        if k < len(between):
            body += between[k]
    page = (head(a, url, site, jsonld(a, url, site)) + '<body>' + nav_html(site)
            + f'<main id="main"><article class="article"><header><h1>{e(a["title"])}</h1>'
            + f'<div class="byline">By <a href="/authors/{slug(a["author"])}">{e(a["author"])}</a> | '
            + f'<time datetime="{a["date"]}">{human_date(a["date"])}</time></div></header>'
            + f'<div class="article-body">{body}</div>'
            + '<div class="article-footer"><p>Have a story? Email our newsroom at tips@morningledger.example</p></div>'
            + '</article></main>' + footer_html(site, a["date"][:4]) + '</body></html>')
    return url, page


def layout_linky(a: dict, arts: list[dict], i: int) -> tuple[str, str]:
    """Paragraphs as <div>s with many inline links (names, places and earlier stories linked)."""
    site = "Citywire Local"
    url = f"https://citywire-local.example/news/{20240000 + i}"

    def linkify(text: str) -> str:
        words = text.split(" ")
        out = []
        k = 0
        while k < len(words):
            if words[k][:1].isupper() and k > 0 and k + 1 < len(words):
                out.append(f'<a href="/tag/{slug(words[k])}">{e(words[k])} {e(words[k + 1])}</a>')
                k += 2
            else:
                out.append(e(words[k]))
                k += 1
        return " ".join(out)

    parts = []
    for kind, content in blocks(a):
        if kind == "p":
            parts.append(f'<div class="txt">{linkify(str(content))}</div>')
        else:
            parts.append(body_html({"body": [str(content)] if not isinstance(content, list) else []}))
            if isinstance(content, list):
                lines = ["- " + x for x in content] if kind == "ul" else ["| " + " | ".join(r) + " |" for r in content]
                parts[-1] = body_html({"body": lines})
    page = (head(a, url, site, og=True) + '<body><div class="wrap">' + nav_html(site)
            + f'<div class="content"><div class="headline"><h1>{e(a["title"])}</h1></div>'
            + f'<div class="info">{e(a["author"])} | {human_date(a["date"])}</div>'
            + f'<div class="story-text">{"".join(parts)}</div></div>'
            + '<div class="sidebar"><div class="weather">Today: 12C, showers</div><div class="poll"><p>Should the council '
            + 'build more cycle lanes?</p><button>Yes</button><button>No</button></div></div>'
            + '</div>' + footer_html(site, a["date"][:4]) + '</body></html>')
    return url, page


LAYOUTS = [layout_wordpress, layout_portal, layout_tables, layout_divsoup, layout_magazine, layout_paywall,
           layout_comments_heavy, layout_amp, layout_semantic_minimal, layout_split_body, layout_linky]


# --- pages that are not articles -----------------------------------------------------------------

def nonarticle_pages(arts: list[dict]) -> dict[str, tuple[str, str]]:
    site = "Daily Meridian"
    teasers = "".join(f'<article class="teaser"><h2><a href="/news/{slug(o["title"])}">{e(o["title"])}</a></h2>'
                      f'<p>{e(o["body"][0][:120])}…</p></article>' for o in arts[:14])
    home = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{site} - News, sport and weather</title>'
            '<meta property="og:type" content="website"></head><body>' + nav_html(site)
            + f'<main><h1 class="sr-only">{site}</h1>{teasers}</main>' + footer_html(site, "2024") + '</body></html>')
    tag = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Articles tagged "transport" | {site}</title></head><body>'
           + nav_html(site) + f'<main><h1>Transport</h1>{teasers}<a href="?page=2">Next page</a></main>' + footer_html(site, "2024") + '</body></html>')
    error = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page not found | {site}</title></head><body>'
             + nav_html(site) + '<main><h1>Sorry, we couldn\'t find that page</h1><p>The page you were looking for may have been '
             'moved or deleted. Try searching our site or go back to the home page.</p><form><input name="q"><button>Search</button></form>'
             '</main>' + footer_html(site, "2024") + '</body></html>')
    return {
        "home": ("https://www.dailymeridian.example/", home),
        "tag": ("https://www.dailymeridian.example/tag/transport", tag),
        "error": ("https://www.dailymeridian.example/news/missing-story-123", error),
    }


def main() -> None:
    arts = parse_articles(HERE / "articles.txt")
    pages_dir, non_dir = HERE / "pages", HERE / "nonarticles"
    pages_dir.mkdir(exist_ok=True)
    non_dir.mkdir(exist_ok=True)
    records = []
    english = 0
    for i, a in enumerate(arts):
        if a["lang"] != "en":
            layout = layout_foreign
        else:
            layout = LAYOUTS[english % len(LAYOUTS)]
            english += 1
        url, page = layout(a, arts, i)
        name = f"{i + 1:02d}-{a['id']}.html"
        (pages_dir / name).write_text(page, encoding="utf-8")
        records.append({"id": name, "url": url, "html": page, "gold_text": gold_text(a), "lang": a["lang"],
                        "title": a["title"], "date": a["date"][:10], "author": a["author"], "layout": layout.__name__})
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    urls = {}
    for name, (url, page) in nonarticle_pages(arts).items():
        (non_dir / f"{name}.html").write_text(page, encoding="utf-8")
        urls[f"{name}.html"] = url
    (non_dir / "urls.json").write_text(json.dumps(urls, indent=1) + "\n", encoding="utf-8")
    print(f"{len(records)} gold pages, {len(urls)} non-article pages")


if __name__ == "__main__":
    main()
