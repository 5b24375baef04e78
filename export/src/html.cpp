#include "kg/export/html.hpp"

#include <map>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "common.hpp"
#include "json_writer.hpp"
#include "kg/core/error.hpp"
#include "kg/export/escape.hpp"
#include "kg/export/render.hpp"

namespace kg::exporter {
namespace detail {

constexpr const char* page_style = R"css(
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 14px/1.4 Helvetica, Arial, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 10px; background: #f4f4f4;
         border-bottom: 1px solid #ccc; }
header h1 { font-size: 15px; margin: 0 12px 0 0; font-weight: 600; }
header input { width: 260px; padding: 4px 6px; }
header button { padding: 3px 9px; }
#kg-status { color: #555; }
main { flex: 1; display: flex; min-height: 0; }
#kg-view { flex: 1; overflow: hidden; cursor: grab; background: #fff; touch-action: none; }
#kg-view.dragging { cursor: grabbing; }
#kg-view svg { width: 100%; height: 100%; display: block; user-select: none; }
#kg-panel { width: 340px; overflow: auto; padding: 10px 14px; border-left: 1px solid #ccc; background: #fafafa; }
#kg-panel h2 { font-size: 15px; margin: 4px 0 6px; }
#kg-panel blockquote { margin: 6px 0 2px; padding-left: 8px; border-left: 3px solid #bbb; }
#kg-panel .meta { color: #666; font-size: 12px; }
#kg-panel a { color: #1f5fa8; cursor: pointer; text-decoration: underline; }
g.node, g.edge { cursor: pointer; }
g.kg-hit > polygon, g.kg-hit > ellipse, g.kg-hit > path, g.kg-hit a > polygon, g.kg-hit a > ellipse,
g.kg-hit a > path { stroke: #d62728; stroke-width: 3px; }
g.kg-dim { opacity: 0.25; }
g.kg-selected > polygon, g.kg-selected > ellipse, g.kg-selected > path, g.kg-selected a > polygon,
g.kg-selected a > ellipse, g.kg-selected a > path { stroke: #1f77b4; stroke-width: 3px; }
)css";

// The page's script: pan, zoom, search and details. Written for kg.
constexpr const char* page_script = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  var view = document.getElementById('kg-view');
  var svg = view.querySelector('svg');
  var panel = document.getElementById('kg-panel');
  var search = document.getElementById('kg-search');
  var status = document.getElementById('kg-status');
  if (!svg) { status.textContent = 'no drawing'; return; }

  // ---- pan and zoom: the viewBox is the camera
  var vb = svg.viewBox.baseVal;
  var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  var box = { x: home.x, y: home.y, w: home.w, h: home.h };
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  function apply() { svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h); }
  function scale() {
    var r = svg.getBoundingClientRect();
    return Math.max(box.w / Math.max(r.width, 1), box.h / Math.max(r.height, 1));
  }
  function toSvg(cx, cy) {
    var r = svg.getBoundingClientRect(), s = scale();
    return { x: box.x - (r.width * s - box.w) / 2 + (cx - r.left) * s,
             y: box.y - (r.height * s - box.h) / 2 + (cy - r.top) * s };
  }
  function zoomAt(p, f) {
    box.x = p.x - (p.x - box.x) * f; box.y = p.y - (p.y - box.y) * f;
    box.w *= f; box.h *= f; apply();
  }
  function zoomCentre(f) { zoomAt({ x: box.x + box.w / 2, y: box.y + box.h / 2 }, f); }
  function fit() { box = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    zoomAt(toSvg(ev.clientX, ev.clientY), ev.deltaY < 0 ? 1 / 1.2 : 1.2);
  }, { passive: false });
  var drag = null, moved = false;
  view.addEventListener('pointerdown', function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, bx: box.x, by: box.y, s: scale() };
    moved = false;
  });
  window.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; view.classList.add('dragging'); }
    box.x = drag.bx - dx * drag.s; box.y = drag.by - dy * drag.s; apply();
  });
  window.addEventListener('pointerup', function () { drag = null; view.classList.remove('dragging'); });
  document.getElementById('kg-zoom-in').addEventListener('click', function () { zoomCentre(1 / 1.5); });
  document.getElementById('kg-zoom-out').addEventListener('click', function () { zoomCentre(1.5); });
  document.getElementById('kg-fit').addEventListener('click', fit);
  document.addEventListener('keydown', function (ev) {
    if (ev.target === search) return;
    if (ev.key === '+' || ev.key === '=') zoomCentre(1 / 1.5);
    else if (ev.key === '-') zoomCentre(1.5);
    else if (ev.key === '0') fit();
  });
  function focus(el) {
    var r = el.getBoundingClientRect();
    var a = toSvg(r.left, r.top), b = toSvg(r.right, r.bottom);
    var w = Math.max(b.x - a.x, 1), h = Math.max(b.y - a.y, 1);
    var size = Math.max(w * 6, h * 6, home.w / 8);
    var ratio = box.h / box.w;
    box = { x: (a.x + b.x) / 2 - size / 2, y: (a.y + b.y) / 2 - size * ratio / 2, w: size, h: size * ratio };
    apply();
  }

  // ---- details panel, built with text nodes only
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function link(text, svgId) {
    var a = el('a', text);
    a.addEventListener('click', function () { select(svgId, true); });
    return a;
  }
  function clearSelection() {
    Array.prototype.forEach.call(svg.querySelectorAll('.kg-selected'), function (g) {
      g.classList.remove('kg-selected');
    });
  }
  function showNode(id) {
    var n = data.nodes[id];
    panel.replaceChildren(el('h2', n.label), el('div', n.type + ' \u00b7 ' + n.id, 'meta'));
    if (n.aliases.length) panel.append(el('p', 'Also: ' + n.aliases.join('; ')));
    Object.keys(n.attributes).forEach(function (k) { panel.append(el('p', k + ': ' + n.attributes[k].join('; '))); });
    panel.append(el('h2', n.facts.length + (n.facts.length === 1 ? ' fact' : ' facts')));
    var list = el('ul');
    n.facts.forEach(function (fid) {
      var f = data.edges[fid], li = el('li');
      li.append(link(data.nodes[f.source].label + ' \u2192 ' + f.text + ' \u2192 ' + data.nodes[f.target].label, fid));
      list.append(li);
    });
    panel.append(list);
  }
  function showEdge(id) {
    var f = data.edges[id];
    panel.replaceChildren(el('h2', f.text));
    var p = el('p');
    p.append(link(data.nodes[f.source].label, f.source), document.createTextNode(' \u2192 ' + f.text + ' \u2192 '),
             link(data.nodes[f.target].label, f.target));
    panel.append(p, el('div', f.type + ' \u00b7 ' + f.polarity + ' \u00b7 ' + f.modality +
                              (f.time ? ' \u00b7 ' + f.time : '') + ' \u00b7 confidence ' + f.confidence, 'meta'));
    panel.append(el('h2', 'Evidence'));
    f.evidence.forEach(function (ev) {
      panel.append(el('blockquote', ev.sentence), el('div', (ev.according_to ? 'according to ' + ev.according_to +
                                                                  ' \u00b7 ' : '') + ev.document +
                                                          (ev.title ? ': ' + ev.title : '') + ' \u00b7 ' + ev.rule,
                                                          'meta'));
    });
  }
  function select(svgId, zoom) {
    var g = document.getElementById(svgId);
    clearSelection();
    if (g) { g.classList.add('kg-selected'); if (zoom) focus(g); }
    if (data.nodes[svgId]) showNode(svgId); else if (data.edges[svgId]) showEdge(svgId);
  }
  svg.addEventListener('click', function (ev) {
    if (moved) return;
    var g = ev.target.closest('g.node, g.edge');
    if (g && (data.nodes[g.id] || data.edges[g.id])) select(g.id, false);
  });

  // ---- search by label, alias or id
  var hits = [], next = 0;
  function runSearch(q) {
    q = q.trim().toLowerCase();
    hits = []; next = 0;
    Object.keys(data.nodes).forEach(function (id) {
      var n = data.nodes[id];
      var names = [n.label, n.id].concat(n.aliases);
      if (q && names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; })) hits.push(id);
    });
    var near = {};  // the facts of the matches stay visible
    hits.forEach(function (id) { data.nodes[id].facts.forEach(function (f) { near[f] = true; }); });
    Array.prototype.forEach.call(svg.querySelectorAll('g.node, g.edge'), function (g) {
      g.classList.toggle('kg-hit', hits.indexOf(g.id) >= 0);
      g.classList.toggle('kg-dim', q !== '' && hits.indexOf(g.id) < 0 && !near[g.id] && g.id.indexOf('kg') === 0);
    });
    status.textContent = q ? hits.length + (hits.length === 1 ? ' match' : ' matches') : '';
    return hits.length;
  }
  search.addEventListener('input', function () { runSearch(search.value); });
  search.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' || !hits.length) return;
    select(hits[next % hits.length], true);
    next++;
  });

  // #search=TEXT runs a search; #show=ID selects the entity or fact with that kg id
  var m = /[#&]search=([^&]*)/.exec(window.location.hash);
  if (m) {
    search.value = decodeURIComponent(m[1]);
    if (runSearch(search.value)) select(hits[0], false);
  }
  m = /[#&]show=([^&]*)/.exec(window.location.hash);
  if (m) {
    var wanted = decodeURIComponent(m[1]);
    [data.nodes, data.edges].forEach(function (table) {
      Object.keys(table).forEach(function (k) { if (table[k].id === wanted) select(k, false); });
    });
  }
  document.body.setAttribute('data-kg-ready', Object.keys(data.nodes).length + ' nodes, ' +
                             Object.keys(data.edges).length + ' edges');
})();
)js";

}  // namespace detail

std::string html_data_json(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::map<std::string, std::string, std::less<>> svg_id;  // entity id -> kgn<i>
    std::map<std::string, std::vector<std::string>, std::less<>> facts_of;
    {
        std::size_t i = 0;
        for (const kg::entity* e : g.nodes()) svg_id[e->id] = fmt::format("kgn{}", i++);
        i = 0;
        for (const kg::fact* f : g.edges()) {
            std::string id = fmt::format("kge{}", i++);
            facts_of[f->source].push_back(id);
            if (f->target != f->source) facts_of[f->target].push_back(id);
        }
    }
    std::string text = detail::compact_json([&](auto& j) {
        auto& w = j.w();
        w.StartObject();
        j.key("nodes");
        w.StartObject();
        for (const kg::entity* e : g.nodes()) {
            j.key(svg_id[e->id]);
            w.StartObject();
            j.field("id", e->id);
            j.field("label", detail::node_label(*e));
            const kg::entity_type_info* info = onto ? onto->entity_type(e->type) : nullptr;
            j.field("type", info && !info->display.empty() ? info->display : e->type);
            j.key("aliases");
            detail::write_string_array(j, e->aliases);
            j.key("attributes");
            detail::write_attributes(j, e->attributes);
            j.key("facts");
            detail::write_string_array(j, facts_of[e->id]);
            w.EndObject();
        }
        w.EndObject();
        j.key("edges");
        w.StartObject();
        std::size_t i = 0;
        for (const kg::fact* f : g.edges()) {
            j.key(fmt::format("kge{}", i++));
            w.StartObject();
            j.field("id", f->id);
            j.field("source", svg_id[f->source]);
            j.field("target", svg_id[f->target]);
            j.field("type", f->type);
            j.field("text", (f->polarity == kg::polarity::negative ? "NOT " : "") + detail::relation_text(*f));
            j.field("polarity", kg::to_string(f->polarity));
            j.field("modality", kg::to_string(f->modality));
            j.field("time", f->time);
            j.field("confidence", fmt::format("{:.2f}", f->confidence));
            j.key("evidence");
            w.StartArray();
            for (const auto& ev : f->evidence) {
                w.StartObject();
                j.field("document", ev.document);
                const kg::document* d = g.find_document(ev.document);
                j.field("title", d ? d->title : std::string());
                j.field("sentence", ev.sentence);
                j.field("rule", ev.rule);
                const kg::entity* speaker = ev.attributed_to.empty() ? nullptr : g.find_node(ev.attributed_to);
                j.field("according_to", speaker ? detail::node_label(*speaker) : ev.attributed_to);
                w.EndObject();
            }
            w.EndArray();
            w.EndObject();
        }
        w.EndObject();
        w.EndObject();
    });
    // '<' occurs only inside JSON strings, where \u003c means the same
    // character: no "</script>" or "<!--" can end or disturb the element.
    std::string safe;
    safe.reserve(text.size());
    for (char c : text) {
        if (c == '<') safe += "\\u003c";
        else safe.push_back(c);
    }
    return safe;
}

void write_html(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const html_options& options,
                std::ostream& out) {
    dot_options dot = options.dot;
    dot.index_ids = true;
    std::ostringstream dot_text;
    write_dot(g, onto, dot, dot_text);
    std::string svg = render_graphviz(dot_text.str(), "svg", options.layout);
    std::size_t start = svg.find("<svg");
    if (start == std::string::npos) throw kg::input_error("Graphviz wrote no <svg> element");
    std::string_view drawing = std::string_view(svg).substr(start);

    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out << "<meta name=\"generator\" content=\"kg\">\n<title>";
    write_xml_escaped(out, options.title);
    out << "</title>\n<style>" << detail::page_style << "</style>\n</head>\n<body>\n<header>\n<h1>";
    write_xml_escaped(out, options.title);
    out << "</h1>\n<input id=\"kg-search\" type=\"search\" placeholder=\"Search entities (Enter: next)\" "
           "aria-label=\"Search entities\">\n"
           "<button id=\"kg-zoom-in\" title=\"Zoom in (+)\">+</button>"
           "<button id=\"kg-zoom-out\" title=\"Zoom out (-)\">&#8722;</button>"
           "<button id=\"kg-fit\" title=\"Show everything (0)\">Fit</button>\n<span id=\"kg-status\"></span>\n";
    out << fmt::format("<span class=\"meta\">{} entities, {} facts, {} documents</span>\n", g.node_count(),
                       g.edge_count(), g.document_count());
    out << "</header>\n<main>\n<div id=\"kg-view\">\n" << drawing << "</div>\n";
    out << "<aside id=\"kg-panel\"><p>Drag to pan, scroll to zoom. Hover for a summary; click an entity or a "
           "fact for its evidence.</p></aside>\n</main>\n";
    out << "<script type=\"application/json\" id=\"kg-data\">" << html_data_json(g, onto) << "</script>\n";
    out << "<script>" << detail::page_script << "</script>\n</body>\n</html>\n";
}

}  // namespace kg::exporter
