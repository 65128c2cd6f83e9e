// Package web is the browser view of the archive behind `nianbao serve`:
// server-rendered pages (dashboard, coverage, reports, one report, panel
// charts), a JSON API under /api/ with the codebook's keys, and a replay of
// archived originals.
//
// A request's life: host check → security headers → validated query →
// read (the in-memory summary index, or the archive for one report) →
// template or JSON.
//
// Archived bytes are untrusted. They are never inlined into a UI page: they
// are served only by /replay/ (inside a sandboxed iframe, with a
// Content-Security-Policy of its own that gives the document an opaque
// origin, runs no script and loads nothing from the network) and by /raw/
// (as a download). UI pages carry a CSP that allows only the embedded
// script and style sheet. State-changing actions are POST only, rejected
// cross-origin (CSRF) and, when a token is configured, need it (compared in
// constant time). On a loopback bind only loopback Host headers are served,
// so a DNS-rebinding page cannot reach the API.
//
// The package reads the archive through the small Archive interface it
// defines; cmd/nianbao wires in the store, the live crawl and the actions.
package web
