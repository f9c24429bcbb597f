// The career map as a picture: Cytoscape.js with the ELK layered layout (vendor/career-map/,
// from the npm registry). The page works without this file: the grid below the picture lists
// every role and route. The data comes from GET /map.json (the section's data-source).
//
// Layout: ELK's layered algorithm, bottom to top, with one partition per seniority (one row
// per seniority, the more senior higher up; ELK orders the roles in each row to cross as few
// routes as it can); then each track becomes a lane (a column): a role keeps ELK's row and
// order and takes its track's column. The state is exposed for tests and tools as
// data-state / data-roles on the canvas and as window.careerMap.
(function () {
  "use strict";

  const BAND = { ready_now: "#1a7f37", ready_in: "#9a6700", stretch: "#b3261e" };
  const NONE = "#6e7781";
  const ROUTE = "#0b5cad";
  const INK = "#1b1f24";
  const NODE_W = 150;
  const NODE_H = 52;
  const CELL = NODE_W + 24;
  const LANE_GAP = 36;

  function element(tag, text, attrs) {
    const made = document.createElement(tag);
    if (text) made.textContent = text;
    for (const [name, value] of Object.entries(attrs || {})) made.setAttribute(name, value);
    return made;
  }

  function nodeLabel(role) {
    return role.readiness === null ? role.title : `${role.title}\n${Math.floor(role.readiness)}% ready`;
  }

  function elementsOf(data) {
    const order = new Map(data.tracks.map((t, i) => [t.id, i]));
    const roles = [...data.roles].sort(
      (a, b) => (order.get(a.track) ?? 99) - (order.get(b.track) ?? 99) || a.seniority - b.seniority,
    );
    const shown = new Set(roles.map((r) => r.id));
    const nodes = roles.map((r) => ({
      group: "nodes",
      data: {
        id: r.id,
        label: nodeLabel(r),
        colour: BAND[r.band] || NONE,
        track: r.track,
        seniority: r.seniority,
      },
      classes: ["role", r.current && "current", r.target && "target", r.on_route && "on-route"]
        .filter(Boolean)
        .join(" "),
    }));
    const edges = data.routes
      .filter((r) => shown.has(r.from) && shown.has(r.to))
      .map((r, i) => ({
        group: "edges",
        data: { id: `route-${i}`, source: r.from, target: r.to },
        classes: r.on_route ? "route on-route" : "route",
      }));
    return nodes.concat(edges);
  }

  const STYLE = [
    {
      selector: "node.role",
      style: {
        shape: "round-rectangle",
        width: NODE_W,
        height: NODE_H,
        "background-color": "data(colour)",
        label: "data(label)",
        color: "#ffffff",
        "font-family": "system-ui, sans-serif",
        "font-size": 11,
        "text-wrap": "wrap",
        "text-max-width": NODE_W - 12,
        "text-valign": "center",
        "text-halign": "center",
        "border-width": 1,
        "border-color": INK,
      },
    },
    { selector: "node.current", style: { "border-width": 5, "border-color": INK } },
    {
      selector: "node.target",
      style: { "border-width": 7, "border-style": "double", "border-color": ROUTE },
    },
    {
      selector: "node.role:selected",
      style: { "overlay-color": "#ffbf47", "overlay-opacity": 0.45, "overlay-padding": 6 },
    },
    {
      selector: "edge",
      style: {
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        width: 1.5,
        "line-color": "#8c959f",
        "target-arrow-color": "#8c959f",
      },
    },
    {
      selector: "edge.on-route",
      style: { width: 5, "line-color": ROUTE, "target-arrow-color": ROUTE, "z-index": 10 },
    },
    {
      selector: "node.lane",
      style: {
        shape: "rectangle",
        "background-color": "data(fill)",
        "border-width": 0,
        "z-compound-depth": "bottom",
        events: "no",
        width: "data(width)",
        height: "data(height)",
      },
    },
    {
      selector: "node.lane-label",
      style: {
        "background-opacity": 0,
        label: "data(label)",
        "font-family": "system-ui, sans-serif",
        "font-size": 14,
        "font-weight": "bold",
        color: INK,
        "text-wrap": "wrap",
        "text-max-width": "data(width)",
        events: "no",
        width: 1,
        height: 1,
      },
    },
  ];

  // Each track a column: a role keeps ELK's height; roles of one track at one height sit side
  // by side, in ELK's order.
  function intoLanes(cy, data) {
    const roles = cy.nodes(".role");
    const groups = new Map(data.tracks.map((t) => [t.id, new Map()]));
    roles.forEach((n) => {
      if (!groups.has(n.data("track"))) groups.set(n.data("track"), new Map());
      const byHeight = groups.get(n.data("track"));
      const y = Math.round(n.position("y"));
      if (!byHeight.has(y)) byHeight.set(y, []);
      byHeight.get(y).push(n);
    });
    const ys = roles.map((n) => n.position("y"));
    const top = Math.min(...ys) - NODE_H;
    const bottom = Math.max(...ys) + NODE_H;
    const names = new Map(data.tracks.map((t) => [t.id, t.name]));
    let left = 0;
    let index = 0;
    const lanes = [];
    for (const [track, byHeight] of groups) {
      if (!byHeight.size) continue;
      const across = Math.max(1, ...[...byHeight.values()].map((g) => g.length));
      const width = across * CELL;
      for (const group of byHeight.values()) {
        group.sort((a, b) => a.position("x") - b.position("x"));
        const start = left + (width - group.length * CELL) / 2 + CELL / 2;
        group.forEach((n, i) => n.position({ x: start + i * CELL, y: n.position("y") }));
      }
      const centre = left + width / 2;
      lanes.push(
        {
          group: "nodes",
          data: {
            id: `lane-${track}`,
            fill: index % 2 ? "#eef1f4" : "#f8f9fa",
            width: width + LANE_GAP - 4,
            height: bottom - top + 70,
          },
          position: { x: centre, y: (top + bottom) / 2 - 25 },
          classes: "lane",
          selectable: false,
          grabbable: false,
        },
        {
          group: "nodes",
          data: { id: `lane-label-${track}`, label: names.get(track) || track, width: width },
          position: { x: centre, y: top - 30 },
          classes: "lane-label",
          selectable: false,
          grabbable: false,
        },
      );
      left += width + LANE_GAP;
      index += 1;
    }
    cy.add(lanes);
  }

  function showCard(card, role, data) {
    const tracks = new Map(data.tracks.map((t) => [t.id, t.name]));
    const heading = element("h3", role.title, { id: "role-card-h" });
    const facts = element("dl");
    const fact = (term, value) => {
      facts.append(element("dt", term), element("dd", value));
    };
    fact("Track", tracks.get(role.track) || role.track);
    fact("Seniority", String(role.seniority));
    fact(
      "Readiness",
      role.band_label === null
        ? "Not known: no assessment"
        : `${role.band_label} (${Math.floor(role.readiness)}% ready)`,
    );
    const notes = [];
    if (role.current) notes.push("Your current role");
    if (role.target) notes.push("Your target");
    if (role.on_route && !role.current && !role.target) notes.push("On the route highlighted");
    if (notes.length) fact("For you", notes.join(", "));
    const link = element("a", `Open ${role.title}`, { href: `/roles/${encodeURIComponent(role.id)}` });
    const more = element("p");
    more.append(link);
    card.replaceChildren(heading, facts, more);
    card.dataset.role = role.id;
  }

  function draw(section, canvas, data) {
    const card = document.getElementById("role-card");
    const byId = new Map(data.roles.map((r) => [r.id, r]));
    const cy = cytoscape({
      container: canvas,
      elements: elementsOf(data),
      style: STYLE,
      layout: { name: "preset" },
      minZoom: 0.2,
      maxZoom: 2.5,
      boxSelectionEnabled: false,
      autoungrabify: true,
      selectionType: "single",
    });
    const select = (id) => {
      const role = byId.get(id);
      if (!role) return;
      cy.$(":selected").unselect();
      cy.getElementById(id).select();
      showCard(card, role, data);
    };
    cy.on("tap", "node.role", (event) => select(event.target.id()));
    // The table is the keyboard's way round the map: a role focused there is chosen here too.
    for (const cell of document.querySelectorAll(".grid-role[data-role]")) {
      cell.addEventListener("focusin", () => select(cell.dataset.role));
    }
    // ELK's partitions take no edge within one partition: lateral moves (same seniority) are
    // drawn but left out of the layout.
    const upward = cy
      .edges(".route")
      .filter((e) => e.target().data("seniority") > e.source().data("seniority"));
    const layout = cy.nodes(".role").union(upward).layout({
      name: "elk",
      fit: false,
      animate: false,
      nodeLayoutOptions: (node) => ({
        "elk.partitioning.partition": String(node.data("seniority")),
      }),
      elk: {
        algorithm: "layered",
        "elk.direction": "UP",
        "elk.partitioning.activate": "true",
        "elk.separateConnectedComponents": "false",
        "elk.spacing.nodeNode": "24",
        "elk.layered.spacing.nodeNodeBetweenLayers": "110",
        "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      },
    });
    layout.one("layoutstop", () => {
      intoLanes(cy, data);
      cy.fit(undefined, 16);
      canvas.dataset.roles = String(cy.nodes(".role").length);
      canvas.dataset.routes = String(cy.edges(".route").length);
      canvas.dataset.state = "ready";
      const current = data.roles.find((r) => r.current) || data.roles.find((r) => r.target);
      if (current) showCard(card, current, data);
    });
    window.careerMap = { cy: cy, data: data, select: select };
    const grid = document.getElementById("career-grid");
    if (grid) grid.open = false; // the picture is the map now; the table stays one click away
    layout.run();
  }

  function start() {
    const section = document.getElementById("career-graph");
    if (!section || typeof cytoscape === "undefined" || typeof ELK === "undefined") return;
    const canvas = document.getElementById("career-graph-canvas");
    section.hidden = false;
    canvas.dataset.state = "loading";
    fetch(section.dataset.source, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((answer) => {
        if (!answer.ok) throw new Error(`the map's data: ${answer.status}`);
        return answer.json();
      })
      .then((data) => draw(section, canvas, data))
      .catch(() => {
        section.hidden = true; // the grid below still shows every role and route
        canvas.dataset.state = "failed";
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
