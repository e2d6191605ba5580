// Clipped out of sight the accessible way (Bootstrap's btn-check, visually-hidden, sr-only): what
// shows is the element's label. Shared by perception and the executor's check of a box.
(el) => {
  const cs = getComputedStyle(el);
  return /^rect\(0px,? 0px,? 0px,? 0px\)$/.test(cs.clip) || /inset\(50%\)/.test(cs.clipPath);
}
