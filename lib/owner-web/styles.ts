/**
 * The owner pages' whole stylesheet, inlined in each page: one round trip on a slow network, no
 * web font (system fonts), mobile first (360 px), readable without JavaScript. Choices between
 * plan and method cards are CSS only (`:has(:checked)`), so the form works without scripts.
 */
export const OWNER_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;color-scheme:light}
body{margin:0;font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;background:#f1f5f9;color:#0f172a}
a{color:#047857}
.top{display:flex;align-items:center;justify-content:space-between;gap:.5rem;max-width:34rem;margin:0 auto;padding:.75rem 1rem}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:700;color:#047857;text-decoration:none}
.logo{display:inline-flex;width:1.75rem;height:1.75rem;border-radius:.5rem;background:#047857;color:#fff;align-items:center;justify-content:center;font-size:.95rem}
.lang{display:flex;gap:.25rem;font-size:.8rem}
.lang a{padding:.2rem .45rem;border-radius:.35rem;text-decoration:none;color:#475569;font-weight:600}
.lang a[aria-current]{background:#0f172a;color:#fff}
main{max-width:34rem;margin:0 auto;padding:0 .75rem 2rem}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:1rem;padding:1.25rem 1rem;margin:0 0 1rem}
h1{font-size:1.4rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.05rem;margin:0 0 .75rem}
p{margin:0 0 .75rem}
.muted{color:#475569;font-size:.92rem}
.small{font-size:.82rem;color:#64748b}
label{display:block;font-weight:600;font-size:.92rem;margin:0 0 .25rem}
.field{margin:0 0 1rem}
input,select{display:block;width:100%;font:inherit;padding:.65rem .75rem;border:1px solid #94a3b8;border-radius:.6rem;background:#fff;color:inherit;min-height:2.9rem}
input:focus,select:focus{outline:2px solid #059669;outline-offset:1px;border-color:#059669}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#b91c1c}
.hint{font-size:.82rem;color:#64748b;margin:.25rem 0 0}
.err{font-size:.85rem;color:#b91c1c;margin:.25rem 0 0;font-weight:600}
.ok{color:#047857}
.suffix{display:flex;align-items:stretch}
.suffix input{border-radius:.6rem 0 0 .6rem;min-width:0}
.suffix span{display:flex;align-items:center;padding:0 .6rem;border:1px solid #94a3b8;border-left:0;border-radius:0 .6rem .6rem 0;background:#f8fafc;color:#475569;font-size:.8rem;white-space:nowrap}
.btn{display:block;width:100%;text-align:center;font:inherit;font-weight:700;padding:.8rem 1rem;border-radius:.7rem;border:0;background:#047857;color:#fff;text-decoration:none;cursor:pointer;min-height:3rem}
.btn:hover{background:#065f46}
.btn.alt{background:#fff;color:#047857;border:1px solid #047857}
.btn+.btn,.btn+form,form+.btn{margin-top:.6rem}
.linkbtn{background:none;border:0;padding:0;font:inherit;color:#047857;text-decoration:underline;cursor:pointer}
.alert{border-radius:.75rem;padding:.75rem .9rem;margin:0 0 1rem;font-size:.92rem}
.alert.bad{background:#fef2f2;color:#991b1b;border:1px solid #fecaca}
.alert.info{background:#ecfdf5;color:#065f46;border:1px solid #a7f3d0}
.alert.warn{background:#fffbeb;color:#92400e;border:1px solid #fde68a}
.alert ul{margin:.25rem 0 0;padding-left:1.1rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
legend{font-weight:700;margin:0 0 .5rem;padding:0}
.choice{display:block;border:1px solid #cbd5e1;border-radius:.8rem;padding:.75rem .8rem;margin:0 0 .5rem;background:#fff;font-weight:400;cursor:pointer}
.choice:has(input:checked){border-color:#047857;box-shadow:0 0 0 1px #047857;background:#f0fdf4}
.choice .row{display:flex;align-items:flex-start;gap:.6rem}
.choice input[type=radio]{width:1.2rem;height:1.2rem;min-height:0;margin:.15rem 0 0;flex:none;accent-color:#047857}
.choice .name{font-weight:700}
.price{font-weight:700;font-size:1.05rem;white-space:nowrap}
.grow{flex:1;min-width:0}
.save{display:inline-block;margin-top:.25rem;background:#dcfce7;color:#166534;border-radius:.4rem;padding:.05rem .4rem;font-size:.8rem;font-weight:700}
.more{display:none;margin:.75rem 0 0}
.choice:has(input:checked) .more{display:block}
.more label{font-weight:600}
dl{margin:0;display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.4rem .75rem;font-size:.92rem}
dt{color:#64748b}
dd{margin:0;font-weight:600;word-break:break-word}
.list{list-style:none;margin:0;padding:0}
.list li{display:flex;justify-content:space-between;gap:.5rem;padding:.55rem 0;border-top:1px solid #e2e8f0;font-size:.9rem}
.list li:first-child{border-top:0}
.badge{display:inline-block;border-radius:999px;padding:.05rem .55rem;font-size:.78rem;font-weight:700;background:#e2e8f0;color:#334155;white-space:nowrap}
.badge.good{background:#dcfce7;color:#166534}.badge.bad{background:#fee2e2;color:#991b1b}.badge.wait{background:#fef3c7;color:#92400e}
.spin{width:2.5rem;height:2.5rem;border-radius:50%;border:4px solid #d1fae5;border-top-color:#047857;margin:0 auto 1rem;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spin{animation:none}}
.center{text-align:center}
footer{max-width:34rem;margin:0 auto;padding:0 1rem 2rem;font-size:.8rem;color:#64748b;text-align:center}
@media print{.top .lang,footer,.btn,form{display:none}body{background:#fff}.card{border:0}}
`.replace(/\n/g, "");
