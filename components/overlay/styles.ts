/** Styles for the overlays' shadow roots; WhatsApp's CSS cannot reach in and ours cannot leak out. */
export const OVERLAY_CSS = `
:host { all: initial; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
button, select, input, textarea { font: inherit; }
button { border: 1px solid #c9d1d9; background: #fff; border-radius: 6px; padding: 3px 9px; cursor: pointer; }
button.primary { background: #0b7a75; border-color: #0b7a75; color: #fff; }
button.danger { border-color: #d1242f; color: #d1242f; }
button:disabled { opacity: .5; cursor: default; }
.bar { position: relative; display: flex; flex-wrap: nowrap; gap: 8px; align-items: center; height: 36px; padding: 0 12px; box-sizing: border-box; background: #f0f6f5; border-bottom: 1px solid #d0e3e0; white-space: nowrap; }
.bar-main { flex: 1 1 auto; min-width: 0; display: flex; flex-wrap: nowrap; gap: 8px; align-items: center; overflow: hidden; }
.bar-end { flex: none; display: flex; gap: 6px; align-items: center; }
.bar .slot { flex: none; display: inline-flex; align-items: center; }
.bar button, .bar select, .bar input { height: 26px; box-sizing: border-box; padding-top: 0; padding-bottom: 0; }
.bar select { border: 1px solid #c9d1d9; border-radius: 6px; background: #fff; padding: 0 4px; max-width: 150px; }
.field { display: inline-flex; align-items: center; gap: 4px; }
.field-label { font-size: 11px; color: #57606a; }
.pill.owner { max-width: 180px; }
.owner-name { overflow: hidden; text-overflow: ellipsis; }
.pill.requested { background: #fff8e1; border-color: #e5b400; color: #7a4d00; }
.request { display: inline-flex; align-items: center; gap: 6px; background: #fff8e1; border: 1px solid #e5b400; border-radius: 8px; padding: 2px 4px 2px 8px; max-width: 420px; }
.request-text { overflow: hidden; text-overflow: ellipsis; color: #5c3b00; }
.labels { display: inline-flex; align-items: center; gap: 4px; }
.pill.label { background: #eef4ff; border-color: #b6cdf5; }
.chip-x { border: 0; background: none; padding: 0 2px; height: auto; line-height: 1; color: #57606a; }
.editor { flex: 1 1 auto; min-width: 0; display: inline-flex; align-items: center; gap: 6px; }
.editor input { flex: 1 1 120px; min-width: 80px; border: 1px solid #c9d1d9; border-radius: 6px; padding: 0 8px; }
.editor input[aria-required="true"] { border-color: #0b7a75; }
.bar .error { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.menu { position: absolute; top: 100%; right: 12px; z-index: 2147483000; margin-top: 2px; display: grid; gap: 8px; padding: 10px 12px; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 6px 18px rgba(0,0,0,.15); }
.menu-item { display: flex; align-items: center; }
.pill { display: inline-flex; align-items: center; gap: 4px; border-radius: 10px; padding: 1px 8px; background: #fff; border: 1px solid #d0d7de; }
.pill.sla.warning { background: #fff1c2; border-color: #e5b400; color: #7a4d00; }
.pill.sla.breached { background: #ffd7d5; border-color: #d1242f; color: #a40e26; font-weight: 600; }
.owner-dot { width: 18px; height: 18px; border-radius: 9px; display: inline-grid; place-items: center; color: #fff; font-size: 10px; font-weight: 600; }
.muted { color: #636c76; }
.offline { background: #fff4e5; color: #8a4b00; border: 1px solid #f0c48a; border-radius: 6px; padding: 2px 8px; }
.error { color: #d1242f; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.panel.docked { right: auto; box-shadow: -2px 0 8px rgba(0,0,0,.06); }
.panel { position: fixed; top: 0; right: 0; width: 320px; height: 100vh; overflow: auto; background: #fff; border-left: 1px solid #d0d7de; box-shadow: -4px 0 12px rgba(0,0,0,.08); z-index: 2147483000; padding: 12px; box-sizing: border-box; }
.panel h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #636c76; margin: 14px 0 6px; }
.panel ul { list-style: none; margin: 0; padding: 0; }
.panel li { padding: 4px 0; border-bottom: 1px solid #f0f0f0; }
.panel textarea { width: 100%; box-sizing: border-box; min-height: 54px; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.25); display: grid; place-items: center; z-index: 2147483001; }
.dialog { background: #fff; border-radius: 10px; padding: 16px 18px; width: 380px; box-shadow: 0 10px 30px rgba(0,0,0,.25); }
.dialog h2 { font-size: 16px; margin: 0 0 8px; }
.dialog input, .dialog textarea { width: 100%; box-sizing: border-box; margin: 6px 0; }
.notices { position: fixed; top: 12px; left: 50%; transform: translateX(-50%); z-index: 2147483002; display: grid; gap: 6px; width: 520px; }
.notice { background: #ffd7d5; border: 1px solid #d1242f; color: #6e0b17; border-radius: 8px; padding: 8px 12px; box-shadow: 0 4px 12px rgba(0,0,0,.15); }
.notice button { margin-left: 8px; }
.shield { position: fixed; z-index: 2147482999; display: block; box-sizing: border-box; border: 1px dashed #8a4b00; border-radius: 50%; background: rgba(240,242,245,.55) linear-gradient(135deg, transparent 46%, #8a4b00 47%, #8a4b00 53%, transparent 54%); cursor: not-allowed; padding: 0; }
.actions { display: flex; gap: 6px; justify-content: flex-end; flex-wrap: wrap; margin-top: 10px; }
`;
