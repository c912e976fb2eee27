/**
 * The one stylesheet, inline in every page (no external resource). Light and dark follow
 * the reader's setting; colours keep WCAG AA contrast on their backgrounds in both (the
 * browser test runs axe-core on each page); nothing is wider than a 390 px phone except
 * code, which scrolls inside its box.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--user:#ddf4ff;--asst:#f6f8fa;--tool:#fff;--border:#d1d9e0;--link:#0969da;--code:#f6f8fa;--add:#dafbe1;--del:#ffebe9;--tag:#fff8c5;
--kw:#cf222e;--str:#0a3069;--num:#0550ae;--com:#59636e;--fn:#8250df;--ti:#953800;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--user:#122338;--asst:#161b22;--tool:#0d1117;--border:#3d444d;--link:#4493f8;--code:#151b23;--add:#12361f;--del:#4a1c20;--tag:#3b2e0a;
--kw:#ff7b72;--str:#a5d6ff;--num:#79c0ff;--com:#9198a1;--fn:#d2a8ff;--ti:#ffa657;--focus:#4493f8}}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:56rem;margin:0 auto;padding:1rem;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--link)}a:focus-visible,summary:focus-visible,input:focus-visible,select:focus-visible,button:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:1rem;top:1rem;background:var(--bg);padding:.3rem .6rem;z-index:1}
nav{font-size:.9rem;margin-bottom:1rem}h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 .25rem}h2{font-size:1.15rem;margin-top:1.5rem}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 1.25rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem}dl.meta dd{margin:0}
.msg{border-radius:8px;padding:.5rem .9rem;margin:.8rem 0}.msg>.md>:first-child{margin-top:.2rem}.msg>.md>:last-child{margin-bottom:.2rem}
.user{background:var(--user)}.assistant{background:var(--asst)}.tool-results,.system{border:1px solid var(--border)}
.role{display:flex;flex-wrap:wrap;gap:.2rem .6rem;font-weight:600;font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.02em}.role time{font-weight:400;text-transform:none}
.role a{color:var(--muted)}
code{font:.875em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:4px;padding:.05em .3em}
pre{background:var(--code);border:1px solid var(--border);border-radius:6px;padding:.5rem .7rem;overflow:auto;font:.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:36rem}
pre code{background:none;padding:0;font-size:inherit}pre.out{white-space:pre-wrap}
.tool{margin:.6rem 0;padding:.1rem .6rem .2rem;border-left:3px solid var(--border)}.tool-head{font-size:.9rem;margin:.3rem 0}.tool-name{color:var(--muted);font-size:.8rem}
details{margin:.3rem 0}summary{cursor:pointer;color:var(--link);font-size:.9rem}details.thinking{color:var(--muted)}
.diff span{display:block}.diff .add{background:var(--add)}.diff .del{background:var(--del)}.diff .skip{color:var(--muted);font-style:italic}.diff .sign{display:inline-block;width:1.2em;user-select:none}
.hljs-keyword,.hljs-selector-tag,.hljs-meta .hljs-keyword,.hljs-doctag,.hljs-template-tag,.hljs-type{color:var(--kw)}
.hljs-string,.hljs-regexp,.hljs-meta .hljs-string{color:var(--str)}.hljs-number,.hljs-literal,.hljs-built_in,.hljs-attr,.hljs-attribute,.hljs-variable,.hljs-selector-id,.hljs-selector-class{color:var(--num)}
.hljs-comment,.hljs-quote,.hljs-meta{color:var(--com)}.hljs-title,.hljs-section,.hljs-name{color:var(--fn)}.hljs-title.class_,.hljs-params,.hljs-symbol,.hljs-tag{color:var(--ti)}
.hljs-addition{color:var(--fg);background:var(--add)}.hljs-deletion{color:var(--fg);background:var(--del)}
table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{border-bottom:1px solid var(--border);padding:.35rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:.5rem 0;padding:0 .8rem;border-left:3px solid var(--border);color:var(--muted)}
.list{list-style:none;padding:0}.row{padding:.6rem 0;border-bottom:1px solid var(--border)}.sub{color:var(--muted);font-size:.85rem}
.preview{font-size:.9rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}input[type=search]{flex:1 1 12rem;padding:.35rem;font:inherit}select,button{font:inherit;padding:.3rem}
.tag{background:var(--tag);border-radius:4px;padding:0 .3rem;font-size:.8rem}.pager{text-align:center}
.cmds{list-style:none;padding:0}.cmds li{margin:.4rem 0}.cmds pre{margin:.2rem 0;white-space:pre-wrap}
`;
