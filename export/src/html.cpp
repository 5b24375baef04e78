#include "kg/export/html.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "common.hpp"
#include "json_writer.hpp"
#include "kg/core/error.hpp"
#include "kg/export/escape.hpp"
#include "viewer_assets.hpp"

namespace kg::exporter {
namespace detail {

constexpr const char* page_style = R"css(
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 Helvetica, Arial, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 8px; align-items: center; padding: 6px 10px; background: #f4f4f4;
         border-bottom: 1px solid #ccc; flex-wrap: wrap; }
header h1 { font-size: 15px; margin: 0 10px 0 0; font-weight: 600; }
header input[type=search] { width: 240px; padding: 3px 6px; }
header button { padding: 2px 8px; }
#kg-status, .meta { color: #555; }
main { flex: 1; display: flex; min-height: 0; }
#kg-side { width: 230px; overflow: auto; padding: 8px 10px; border-right: 1px solid #ccc; background: #fafafa; }
#kg-side h2, #kg-panel h2 { font-size: 13px; margin: 10px 0 4px; }
#kg-side label { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kg-swatch { display: inline-block; width: 10px; height: 10px; border: 1px solid #666; margin-right: 4px; }
#kg-view { flex: 1; min-width: 0; background: #fff; }
#kg-panel { width: 330px; overflow: auto; padding: 8px 12px; border-left: 1px solid #ccc; background: #fafafa; }
#kg-panel blockquote { margin: 6px 0 2px; padding-left: 8px; border-left: 3px solid #bbb; }
#kg-panel a, #kg-results a { color: #1f5fa8; cursor: pointer; text-decoration: underline; }
#kg-results { max-height: 180px; overflow: auto; }
.kg-legend-edge { display: inline-block; width: 28px; border-top: 2px solid #555; margin-right: 4px; vertical-align: middle; }
)css";

// The page's script, written for kg: builds the Cytoscape graph from the data
// element, shows the best connected part of a large graph and grows it on demand.
constexpr const char* page_script = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var status = $('kg-status'), panel = $('kg-panel');
  var nodes = data.nodes, edges = data.edges;
  var nodeIndex = {}, adjacent = {};
  nodes.forEach(function (n, i) { nodeIndex[n.id] = i; adjacent[n.id] = []; });
  edges.forEach(function (e, i) {
    adjacent[e.source].push(i);
    if (e.target !== e.source) adjacent[e.target].push(i);
  });
  var shapes = { box: 'round-rectangle', rect: 'round-rectangle', rectangle: 'round-rectangle', square: 'rectangle',
                 ellipse: 'ellipse', oval: 'ellipse', circle: 'ellipse', diamond: 'diamond', hexagon: 'hexagon',
                 octagon: 'octagon', house: 'tag', note: 'rectangle', component: 'barrel', plaintext: 'round-rectangle',
                 triangle: 'triangle' };
  function typeInfo(t) { return data.types[t] || { display: t, color: '#dddddd', shape: 'ellipse' }; }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // ---- Cytoscape
  var layoutName = (typeof cytoscapeFcose !== 'undefined') ? 'fcose' : 'cose';
  if (layoutName === 'fcose') cytoscape.use(cytoscapeFcose);
  var cy = cytoscape({
    container: $('kg-view'),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: 'node', style: {
          'label': 'data(label)', 'background-color': 'data(color)', 'shape': 'data(shape)',
          'border-width': 1, 'border-color': '#555', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3,
          'text-wrap': 'ellipsis', 'text-max-width': 140, 'min-zoomed-font-size': 7,
          'width': 'mapData(degree, 0, 20, 14, 44)', 'height': 'mapData(degree, 0, 20, 14, 44)' } },
      { selector: 'node.kg-more', style: { 'border-width': 3, 'border-color': '#1f77b4', 'border-style': 'double' } },
      { selector: 'edge', style: {
          'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
          'width': 'mapData(confidence, 0, 1, 0.8, 3)', 'line-color': '#888', 'target-arrow-color': '#888',
          'label': 'data(label)', 'font-size': 8, 'color': '#444', 'min-zoomed-font-size': 9,
          'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.7 } },
      { selector: 'edge.kg-related', style: { 'width': 0.6, 'line-color': '#c4c4c4', 'target-arrow-color': '#c4c4c4',
                                              'font-size': 7 } },
      { selector: 'edge.kg-negative', style: { 'line-style': 'dashed', 'line-color': '#d62728',
                                               'target-arrow-color': '#d62728', 'color': '#d62728' } },
      { selector: 'edge.kg-hedged', style: { 'line-style': 'dotted' } },
      { selector: '.kg-hidden', style: { 'display': 'none' } },
      { selector: '.kg-faded', style: { 'opacity': 0.15 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ff7f0e' } },
      { selector: 'edge:selected', style: { 'line-color': '#ff7f0e', 'target-arrow-color': '#ff7f0e', 'width': 4 } },
      { selector: 'node.kg-hit', style: { 'border-width': 4, 'border-color': '#d62728' } }
    ]
  });

  function nodeElement(n, near) {
    var t = typeInfo(n.type);
    var e = { group: 'nodes', data: { id: n.id, label: n.label, color: t.color || '#dddddd',
                                       shape: shapes[t.shape] || 'ellipse', degree: n.degree, type: n.type } };
    if (near) e.position = { x: near.x + (Math.random() - 0.5) * 120, y: near.y + (Math.random() - 0.5) * 120 };
    return e;
  }
  function edgeElement(i) {
    var f = edges[i], cls = [];
    if (f.type === 'RELATED_TO') cls.push('kg-related');
    if (f.polarity === 'negative') cls.push('kg-negative');
    if (f.modality !== 'asserted') cls.push('kg-hedged');
    return { group: 'edges', classes: cls.join(' '),
             data: { id: 'e' + i, source: f.source, target: f.target, label: f.text, type: f.type,
                     confidence: f.confidence, index: i } };
  }
  // Adds entities (by id) and every fact between shown entities; returns the new elements.
  function show(ids, near) {
    var add = [], fresh = {};
    ids.forEach(function (id) {
      if (cy.getElementById(id).empty() && !fresh[id]) { fresh[id] = true; add.push(nodeElement(nodes[nodeIndex[id]], near)); }
    });
    var shown = function (id) { return fresh[id] || cy.getElementById(id).nonempty(); };
    Object.keys(fresh).forEach(function (id) {
      adjacent[id].forEach(function (i) {
        var f = edges[i];
        if (shown(f.source) && shown(f.target) && cy.getElementById('e' + i).empty() && !fresh['e' + i]) {
          fresh['e' + i] = true; add.push(edgeElement(i));
        }
      });
    });
    var added = cy.add(add);
    markMore();
    applyFilters();
    return added;
  }
  // Entities with facts not shown yet get a double border: click to expand.
  function markMore() {
    cy.nodes().forEach(function (n) {
      var hidden = adjacent[n.id()].some(function (i) { return cy.getElementById('e' + i).empty(); });
      n.toggleClass('kg-more', hidden);
    });
  }
  function runLayout(all, done) {
    var opts = { name: layoutName, animate: false, randomize: all, fit: all, nodeDimensionsIncludeLabels: false,
                 idealEdgeLength: 90, nodeRepulsion: 6000, padding: 30 };
    if (layoutName === 'cose') opts = { name: 'cose', animate: false, randomize: all, fit: all, padding: 30 };
    var layout = cy.elements(':visible').layout(opts);
    if (done) layout.one('layoutstop', done);
    layout.run();
  }

  // ---- filters: entity types, relations, confidence
  var typeBoxes = {}, relationBoxes = {};
  function checkboxList(container, counts, boxes, swatch) {
    Object.keys(counts).sort().forEach(function (k) {
      var label = el('label'), box = el('input');
      box.type = 'checkbox'; box.checked = true; box.addEventListener('change', applyFilters);
      label.append(box);
      if (swatch) { var s = el('span', null, 'kg-swatch'); s.style.background = typeInfo(k).color; label.append(s); }
      label.append(document.createTextNode((swatch ? typeInfo(k).display : k) + ' (' + counts[k] + ')'));
      label.title = k;
      container.append(label);
      boxes[k] = box;
    });
  }
  var typeCounts = {}, relationCounts = {};
  nodes.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
  edges.forEach(function (e) { relationCounts[e.type] = (relationCounts[e.type] || 0) + 1; });
  checkboxList($('kg-types'), typeCounts, typeBoxes, true);
  checkboxList($('kg-relations'), relationCounts, relationBoxes, false);
  var confidence = $('kg-confidence');
  confidence.addEventListener('input', function () { $('kg-confidence-value').textContent = confidence.value; applyFilters(); });
  function applyFilters() {
    var min = parseFloat(confidence.value);
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass('kg-hidden', !typeBoxes[n.data('type')].checked); });
      cy.edges().forEach(function (e) {
        var f = edges[e.data('index')];
        var off = !relationBoxes[f.type].checked || f.confidence < min ||
                  e.source().hasClass('kg-hidden') || e.target().hasClass('kg-hidden');
        e.toggleClass('kg-hidden', off);
      });
    });
    ready();
  }

  // ---- details panel (text nodes only: no markup from the data)
  function link(text, action) { var a = el('a', text); a.addEventListener('click', action); return a; }
  function showNode(id) {
    var n = nodes[nodeIndex[id]];
    panel.replaceChildren(el('h2', n.label), el('div', typeInfo(n.type).display + ' \u00b7 ' + n.id, 'meta'));
    if (n.aliases.length) panel.append(el('p', 'Also: ' + n.aliases.join('; ')));
    Object.keys(n.attributes).forEach(function (k) { panel.append(el('p', k + ': ' + n.attributes[k].join('; '))); });
    var focus = el('button', 'Show only its neighbourhood');
    focus.addEventListener('click', function () { focusOn(id); });
    panel.append(focus, el('h2', adjacent[id].length + (adjacent[id].length === 1 ? ' fact' : ' facts')));
    var list = el('ul');
    adjacent[id].forEach(function (i) {
      var f = edges[i], li = el('li');
      li.append(link(label(f.source) + ' \u2192 ' + f.text + ' \u2192 ' + label(f.target), function () { selectEdge(i); }));
      list.append(li);
    });
    panel.append(list);
  }
  function label(id) { return nodes[nodeIndex[id]].label; }
  function showEdge(i) {
    var f = edges[i];
    panel.replaceChildren(el('h2', f.text));
    var p = el('p');
    p.append(link(label(f.source), function () { selectNode(f.source); }), document.createTextNode(' \u2192 ' + f.text + ' \u2192 '),
             link(label(f.target), function () { selectNode(f.target); }));
    panel.append(p, el('div', f.type + ' \u00b7 ' + f.polarity + ' \u00b7 ' + f.modality + (f.time ? ' \u00b7 ' + f.time : '') +
                              ' \u00b7 confidence ' + f.confidence, 'meta'));
    panel.append(el('h2', 'Evidence (' + f.evidence.length + ')'));
    f.evidence.forEach(function (ev) {
      panel.append(el('blockquote', ev.sentence),
                   el('div', (ev.according_to ? 'according to ' + ev.according_to + ' \u00b7 ' : '') + ev.document +
                             (ev.title ? ': ' + ev.title : '') + ' \u00b7 ' + ev.rule, 'meta'));
    });
  }

  // ---- selecting, expanding, focusing
  function expand(id) {
    var centre = cy.getElementById(id), near = centre.nonempty() ? centre.position() : null;
    var ids = [id];
    adjacent[id].forEach(function (i) { ids.push(edges[i].source, edges[i].target); });
    var added = show(ids, near);
    if (added.nodes().length) runLayout(false);
  }
  function selectNode(id) {
    expand(id);
    var n = cy.getElementById(id);
    cy.elements().unselect(); n.select();
    var hood = n.closedNeighborhood();
    cy.elements().removeClass('kg-faded');
    cy.elements().not(hood).addClass('kg-faded');
    cy.animate({ fit: { eles: hood, padding: 60 }, duration: 300 });
    showNode(id);
    ready();
  }
  function selectEdge(i) {
    var f = edges[i];
    show([f.source, f.target], null);
    var e = cy.getElementById('e' + i);
    cy.elements().unselect(); e.select();
    showEdge(i);
  }
  function focusOn(id) {
    cy.elements().remove();
    var ids = [id];
    adjacent[id].forEach(function (i) { ids.push(edges[i].source, edges[i].target); });
    show(ids, null);
    runLayout(true, function () { selectNode(id); });
  }
  cy.on('tap', 'node', function (ev) { selectNode(ev.target.id()); });
  cy.on('tap', 'edge', function (ev) { selectEdge(ev.target.data('index')); });
  cy.on('tap', function (ev) {
    if (ev.target === cy) { cy.elements().removeClass('kg-faded'); cy.elements().unselect(); }
  });

  // ---- the first view: everything, or the best connected entities of a large graph
  function initial() {
    cy.elements().remove();
    var order = nodes.map(function (n, i) { return i; });
    order.sort(function (a, b) { return nodes[b].degree - nodes[a].degree || (nodes[a].id < nodes[b].id ? -1 : 1); });
    // The best connected entities, each with its neighbours, until the budget is spent.
    var chosen = {}, ids = [];
    function take(id) { if (!chosen[id] && ids.length < data.initial) { chosen[id] = true; ids.push(id); } }
    for (var k = 0; k < order.length && ids.length < data.initial; ++k) {
      var id = nodes[order[k]].id;
      take(id);
      adjacent[id].forEach(function (i) { take(edges[i].source); take(edges[i].target); });
    }
    show(ids, null);
    $('kg-shown-note').textContent = ids.length < nodes.length
        ? 'Showing the ' + ids.length + ' best connected of ' + nodes.length + ' entities: click one to expand it ' +
          '(a double border means it has more facts), or search.'
        : '';
    runLayout(true, ready);
  }
  function ready() {
    var shown = cy.nodes(':visible').length, facts = cy.edges(':visible').length;
    status.textContent = shown + ' of ' + nodes.length + ' entities, ' + facts + ' of ' + edges.length + ' facts shown';
    document.body.setAttribute('data-kg-ready', shown + ' nodes, ' + facts + ' edges shown of ' + nodes.length +
                               ' nodes, ' + edges.length + ' edges');
  }

  // ---- search over every entity, shown or not
  var search = $('kg-search'), results = $('kg-results');
  function runSearch(q) {
    q = q.trim().toLowerCase();
    results.replaceChildren();
    cy.nodes().removeClass('kg-hit');
    if (!q) return [];
    var hits = nodes.filter(function (n) {
      return [n.label, n.id].concat(n.aliases).some(function (s) { return s.toLowerCase().indexOf(q) >= 0; });
    });
    hits.slice(0, 50).forEach(function (n) {
      var row = el('div');
      row.append(link(n.label, function () { selectNode(n.id); }), el('span', ' ' + typeInfo(n.type).display, 'meta'));
      results.append(row);
      cy.getElementById(n.id).addClass('kg-hit');
    });
    results.prepend(el('div', hits.length + (hits.length === 1 ? ' match' : ' matches'), 'meta'));
    return hits;
  }
  search.addEventListener('input', function () { runSearch(search.value); });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var h = runSearch(search.value); if (h.length) selectNode(h[0].id); }
  });
  $('kg-fit').addEventListener('click', function () { cy.animate({ fit: { eles: cy.elements(':visible'), padding: 30 }, duration: 300 }); });
  $('kg-relayout').addEventListener('click', function () { runLayout(true); });
  $('kg-reset').addEventListener('click', initial);
  $('kg-all').addEventListener('click', function () { show(nodes.map(function (n) { return n.id; }), null); runLayout(true, ready); });

  initial();
  // #search=TEXT runs a search and selects the first match; #show=ID selects an entity or a fact by its kg id.
  var m = /[#&]search=([^&]*)/.exec(window.location.hash);
  if (m) { search.value = decodeURIComponent(m[1]); var h = runSearch(search.value); if (h.length) selectNode(h[0].id); }
  m = /[#&]show=([^&]*)/.exec(window.location.hash);
  if (m) {
    var wanted = decodeURIComponent(m[1]);
    if (wanted in nodeIndex) selectNode(wanted);
    edges.forEach(function (f, i) { if (f.id === wanted) selectEdge(i); });
  }
  window.kgView = { cy: cy, select: selectNode, expand: expand };
})();
)js";

// Inlined JavaScript cannot end its <script> element early.
void write_script_text(std::ostream& out, std::string_view js) {
    std::size_t at = 0;
    while (true) {
        std::size_t lt = js.find('<', at);
        if (lt == std::string_view::npos) break;
        out << js.substr(at, lt - at);
        std::string_view rest = js.substr(lt);
        auto starts = [&](std::string_view p) {
            if (rest.size() < p.size()) return false;
            for (std::size_t i = 0; i < p.size(); ++i)
                if (std::tolower(static_cast<unsigned char>(rest[i])) != p[i]) return false;
            return true;
        };
        out << (starts("</script") || starts("<!--") ? "<\\" : "<");
        at = lt + 1;
    }
    out << js.substr(at);
}

}  // namespace detail

bool html_viewer_available() noexcept {
    return std::all_of(std::begin(detail::viewer_assets), std::end(detail::viewer_assets),
                       [](const detail::viewer_asset& a) { return !a.text.empty(); });
}

std::string html_data_json(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::map<std::string, std::size_t, std::less<>> degree;
    for (const kg::fact* f : g.edges()) {
        ++degree[f->source];
        if (f->target != f->source) ++degree[f->target];
    }
    std::string text = detail::compact_json([&](auto& j) {
        auto& w = j.w();
        w.StartObject();
        j.key("types");
        w.StartObject();
        std::map<std::string, bool> types;
        for (const kg::entity* e : g.nodes()) types[e->type] = true;
        for (const auto& [type, unused] : types) {
            (void)unused;
            const kg::entity_type_info* info = onto ? onto->entity_type(type) : nullptr;
            j.key(type);
            w.StartObject();
            j.field("display", info && !info->display.empty() ? info->display : type);
            j.field("color", info && !info->color.empty() ? info->color : "#dddddd");
            j.field("shape", info && !info->shape.empty() ? info->shape : "ellipse");
            w.EndObject();
        }
        w.EndObject();
        j.key("nodes");
        w.StartArray();
        for (const kg::entity* e : g.nodes()) {
            w.StartObject();
            j.field("id", e->id);
            j.field("label", detail::node_label(*e));
            j.field("type", e->type);
            j.key("aliases");
            detail::write_string_array(j, e->aliases);
            j.key("attributes");
            detail::write_attributes(j, e->attributes);
            j.key("degree");
            auto d = degree.find(e->id);
            w.Uint64(d == degree.end() ? 0 : d->second);
            w.EndObject();
        }
        w.EndArray();
        j.key("edges");
        w.StartArray();
        for (const kg::fact* f : g.edges()) {
            w.StartObject();
            j.field("id", f->id);
            j.field("source", f->source);
            j.field("target", f->target);
            j.field("type", f->type);
            j.field("text", (f->polarity == kg::polarity::negative ? "NOT " : "") + detail::relation_text(*f));
            j.field("polarity", kg::to_string(f->polarity));
            j.field("modality", kg::to_string(f->modality));
            j.field("time", f->time);
            j.key("confidence");
            j.number(std::round(f->confidence * 1000.0) / 1000.0);
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
        w.EndArray();
        w.EndObject();
    });
    // '<', '>' and '&' occur only inside JSON strings, where \u escapes mean the
    // same characters: no "</script>" or "<!--" can end or disturb the element.
    std::string safe;
    safe.reserve(text.size());
    for (char c : text) {
        if (c == '<') safe += "\\u003c";
        else if (c == '>') safe += "\\u003e";
        else if (c == '&') safe += "\\u0026";
        else safe.push_back(c);
    }
    return safe;
}

void write_html(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const html_options& options,
                std::ostream& out) {
    if (!html_viewer_available())
        throw kg::usage_error(
            "the HTML viewer's JavaScript (Cytoscape.js, cytoscape-fcose) was not installed when kg was built: run "
            "scripts/install-deps.sh (npm ci in export/viewer), then rebuild kg");
    std::string data = html_data_json(g, onto);
    // The data's "initial" count is spliced in front of its first key.
    data.insert(1, fmt::format("\"initial\":{},", std::max<std::size_t>(options.initial_nodes, 1)));

    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out << "<meta name=\"generator\" content=\"kg\">\n<title>";
    write_xml_escaped(out, options.title);
    out << "</title>\n<style>" << detail::page_style << "</style>\n</head>\n<body>\n<header>\n<h1>";
    write_xml_escaped(out, options.title);
    out << "</h1>\n<input id=\"kg-search\" type=\"search\" placeholder=\"Search entities (Enter: go to the first)\" "
           "aria-label=\"Search entities\">\n"
           "<button id=\"kg-fit\" title=\"Fit the shown graph\">Fit</button>"
           "<button id=\"kg-relayout\" title=\"Run the layout again\">Layout</button>"
           "<button id=\"kg-reset\" title=\"Back to the first view\">Reset</button>"
           "<button id=\"kg-all\" title=\"Show every entity (slow on large graphs)\">Show all</button>\n"
           "<span id=\"kg-status\"></span>\n";
    out << fmt::format("<span class=\"meta\">{} entities, {} facts, {} documents</span>\n", g.node_count(),
                       g.edge_count(), g.document_count());
    out << "</header>\n<main>\n<aside id=\"kg-side\">\n<div id=\"kg-results\"></div>\n"
           "<p id=\"kg-shown-note\" class=\"meta\"></p>\n";
    if (!options.note.empty()) {
        out << "<p class=\"meta\" id=\"kg-note\">";
        write_xml_escaped(out, options.note);
        out << "</p>\n";
    }
    out << "<h2>Confidence at least <span id=\"kg-confidence-value\">0</span></h2>\n"
           "<input id=\"kg-confidence\" type=\"range\" min=\"0\" max=\"1\" step=\"0.05\" value=\"0\" "
           "aria-label=\"Minimum confidence\">\n"
           "<h2>Entity types</h2>\n<div id=\"kg-types\"></div>\n<h2>Relations</h2>\n<div id=\"kg-relations\"></div>\n"
           "<h2>Edges</h2>\n<div><span class=\"kg-legend-edge\"></span>asserted (width: confidence)</div>\n"
           "<div><span class=\"kg-legend-edge\" style=\"border-top-style:dotted\"></span>hedged, reported</div>\n"
           "<div><span class=\"kg-legend-edge\" style=\"border-top:2px dashed #d62728\"></span>negative (NOT)</div>\n"
           "<div><span class=\"kg-legend-edge\" style=\"border-top:1px solid #c4c4c4\"></span>RELATED_TO</div>\n"
           "</aside>\n<div id=\"kg-view\"></div>\n";
    out << "<aside id=\"kg-panel\"><p>Drag the background to pan, the wheel to zoom, nodes to move them. Click an "
           "entity to expand and focus its neighbourhood, a fact for its evidence sentences.</p></aside>\n</main>\n";
    out << "<script type=\"application/json\" id=\"kg-data\">" << data << "</script>\n";
    for (const auto& asset : detail::viewer_assets) {
        out << "<script>/* " << asset.name << " (npm) */\n";
        detail::write_script_text(out, asset.text);
        out << "\n</script>\n";
    }
    out << "<script>" << detail::page_script << "</script>\n</body>\n</html>\n";
}

}  // namespace kg::exporter
