/** The viewer page's CSS (served inline; no external resources). */
export const VIEWER_STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: #1d2330; background: #f4f5f7; }
header { display: flex; gap: 16px; align-items: center; padding: 8px 14px; background: #1d2330; color: #fff; }
header h1 { font-size: 16px; margin: 0; }
header a { color: #9cd0ff; }
#status { margin-left: auto; color: #ffd27a; }
#app { display: grid; grid-template-columns: 270px 1fr 460px; gap: 10px; padding: 10px; align-items: start; }
aside, main, #plotPanel { background: #fff; border: 1px solid #d9dce3; border-radius: 6px; padding: 10px; }
aside h2, #plotPanel h2 { font-size: 13px; margin: 12px 0 6px; text-transform: uppercase; color: #555; }
aside h2:first-child { margin-top: 0; }
label.field { display: block; margin: 4px 0 2px; color: #444; }
select, input, button { font: inherit; }
select[multiple] { width: 100%; min-height: 64px; }
select, input[type=text], input[type=number] { max-width: 100%; }
button { cursor: pointer; border: 1px solid #b8bdc9; background: #eef0f4; border-radius: 4px; padding: 3px 8px; }
button.primary { background: #2f6fdd; color: #fff; border-color: #2f6fdd; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.channel { display: grid; grid-template-columns: 18px 1fr 28px 58px 58px; gap: 4px; align-items: center; margin: 3px 0; }
.channel input[type=number] { width: 58px; }
.channel input[type=color] { width: 28px; height: 22px; padding: 0; border: none; }
#pager { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
#gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
.tile { border: 2px solid transparent; border-radius: 5px; background: #111; color: #eee; padding: 4px; position: relative; }
.tile.selected { border-color: #ffb020; }
.tile.highlight { box-shadow: 0 0 0 3px #2f6fdd; }
.tile img { image-rendering: pixelated; display: block; width: 100%; cursor: zoom-in; background: #000; }
.tile .strip { display: flex; gap: 2px; }
.tile .strip img { width: calc(20% - 2px); }
.tile .cap { font-size: 11px; margin-top: 3px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.tile .pick { position: absolute; top: 6px; right: 6px; width: 16px; height: 16px; }
.tile .user { color: #ffb020; }
#plotPanel select { max-width: 180px; }
#scatter { border: 1px solid #ccd; cursor: crosshair; width: 440px; height: 400px; display: block; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 11px; margin-top: 6px; }
#legend span::before { content: ""; display: inline-block; width: 9px; height: 9px; margin-right: 4px; background: var(--c); border-radius: 50%; }
#detail { position: fixed; inset: 20px; background: #fff; border: 1px solid #999; border-radius: 8px; box-shadow: 0 10px 40px rgba(0,0,0,.35); overflow: auto; padding: 14px 18px; z-index: 10; }
#detail[hidden] { display: none; }
#detail h2 { margin: 0 0 6px; font-size: 16px; }
#detailImages { display: flex; gap: 10px; flex-wrap: wrap; }
#detailImages figure { margin: 0; text-align: center; font-size: 11px; }
#detailImages img { image-rendering: pixelated; background: #000; display: block; }
.columns { display: grid; grid-template-columns: 320px 1fr; gap: 18px; margin-top: 12px; }
.bar { display: grid; grid-template-columns: 190px 1fr 48px; gap: 6px; align-items: center; font-size: 12px; }
.bar div { background: #2f6fdd; height: 10px; border-radius: 2px; }
#featureTable { max-height: 360px; overflow: auto; font-size: 12px; border: 1px solid #e2e4ea; }
#featureTable table { border-collapse: collapse; width: 100%; }
#featureTable td { padding: 1px 6px; border-bottom: 1px solid #f0f0f3; }
#featureTable td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
#shap svg { max-width: 100%; height: auto; }
.muted { color: #777; }
`;
