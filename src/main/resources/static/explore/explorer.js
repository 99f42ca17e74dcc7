// The nnmath explorer. Every number drawn here is an answer of the JSON API of the server that served
// this page; the code below builds requests, places answers on axes and names what they show.
// Each drawn value keeps the API's number in a data-value attribute (the browser tests read them).

const SPECIES = ['Setosa', 'Versicolor', 'Virginica'];
const IRIS_LOGITS = [1.43, -0.4, 0.23];
/** The README's Iris network: petal and sepal width in, two ReLU units, one raw score per species. */
const IRIS_NETWORK = [
  {weight: [[-2.5, 0.6], [-1.5, 0.4]], bias: [1.6, 0.7], activation: 'relu'},
  {weight: [[-0.1, 1.5], [2.4, -5.2], [-2.2, 3.7]], bias: [0, 0, 1]},
];
const CELLS = [{cell: 'rnn', name: 'tanh RNN'}, {cell: 'lstm', name: 'LSTM'}, {cell: 'gru', name: 'GRU'}];
// The namespace of the page's own <svg> elements, for the shapes drawn into them.
const SVG_NS = document.querySelector('svg').namespaceURI;

// ---- The API ----

/** An answer that is not a 2xx: its status and the problem's detail (RFC 9457), or what went wrong. */
class ApiProblem extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function api(path, body) {
  let response;
  try {
    // Relative: the API of whatever server (and path prefix) served this page.
    response = await fetch(path, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json'},
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiProblem(0, `the API could not be reached (${e.message})`);
  }
  if (response.ok) {
    return response.json();
  }
  const type = response.headers.get('Content-Type') || '';
  if (type.startsWith('application/problem+json')) {
    const problem = await response.json();
    throw new ApiProblem(response.status, problem.detail || problem.title);
  }
  throw new ApiProblem(response.status, 'the answer carried no problem details');
}

/**
 * One panel's requests. Only the latest request's answer is drawn (a slider sends many); an error
 * shows its detail in the panel. data-state says loading, ready or problem, for people and tests.
 */
function panel(id) {
  const section = document.getElementById(id);
  const problem = section.querySelector('.problem');
  let latest = 0;
  let redraw = null;
  return {
    section,
    async show(ask, draw) {
      const mine = ++latest;
      section.dataset.state = 'loading';
      section.setAttribute('aria-busy', 'true');
      try {
        const answer = await ask();
        if (mine !== latest) return;
        redraw = () => draw(answer);
        redraw();
        problem.hidden = true;
        problem.textContent = '';
        section.dataset.state = 'ready';
      } catch (e) {
        if (mine !== latest) return;
        problem.textContent = e instanceof ApiProblem
          ? (e.status ? `The API answered ${e.status}: ${e.message}` : `The API could not answer: ${e.message}`)
          : `The page could not draw the answer: ${e.message}`;
        problem.hidden = false;
        section.dataset.state = 'problem';
      } finally {
        if (mine === latest) section.setAttribute('aria-busy', 'false');
      }
    },
    redraw() {
      if (redraw) redraw();
    },
  };
}

// ---- Drawing: scales, axes, bars, lines, a heat map ----

function shape(tag, attributes, parent, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function titled(node, text) {
  shape('title', {}, node, text);
  return node;
}

/** The plot area inside an svg sized by its CSS, with room for the axes and their labels. */
function frame(svg, margin = {left: 62, right: 14, top: 16, bottom: 46}) {
  svg.replaceChildren();
  const width = Math.max(svg.clientWidth, 200);
  const height = Math.max(svg.clientHeight, 160);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return {svg, width, height, left: margin.left, right: width - margin.right, top: margin.top,
    bottom: height - margin.bottom};
}

/** Round ticks covering [lo, hi]: 1, 2 or 5 times a power of ten apart. */
function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = power * (raw / power >= 5 ? 10 : raw / power >= 2 ? 5 : raw / power >= 1 ? 2 : 1);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Number(t.toFixed(digits)));
  }
  return ticks;
}

/** A domain that includes 0 and the values, widened to round ends. */
function niceDomain(values, {min, max} = {}) {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (min !== undefined) lo = Math.max(lo, min);
  if (max !== undefined) hi = Math.min(hi, max);
  if (hi - lo < 1e-12) hi = lo + 1;
  const ticks = niceTicks(lo, hi, 5);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  return [Math.min(lo, Math.floor(lo / step) * step), Math.max(hi, Math.ceil(hi / step) * step)];
}

function linearScale([d0, d1], [r0, r1]) {
  const scale = (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
  scale.ticks = (count) => niceTicks(d0, d1, count).map((v) => ({value: v, text: number(v, 3)}));
  return scale;
}

function logScale([d0, d1], [r0, r1]) {
  const [l0, l1] = [Math.floor(Math.log10(d0)), Math.ceil(Math.log10(d1))];
  const scale = (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (r1 - r0);
  scale.ticks = (count) => {
    const every = Math.max(1, Math.ceil((l1 - l0) / count));
    const ticks = [];
    for (let e = l1; e >= l0; e -= every) ticks.push({value: 10 ** e, text: powerOfTen(e)});
    return ticks;
  };
  return scale;
}

const SUPERSCRIPT = {'-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹'};

function powerOfTen(exponent) {
  return exponent === 0 ? '1' : `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c])}`;
}

/** A number for people: 4 significant digits, or an exponent when it is tiny or huge. */
function number(v, digits = 4) {
  if (v === 0) return '0';
  const size = Math.abs(v);
  const text = size < 1e-3 || size >= 1e5 ? v.toExponential(digits - 2) : String(Number(v.toPrecision(digits)));
  return text.replace('-', '−');
}

function yAxis(box, scale, label, count) {
  const axis = shape('g', {class: 'axis y'}, box.svg);
  shape('line', {x1: box.left, x2: box.left, y1: box.top, y2: box.bottom}, axis);
  for (const tick of scale.ticks(count ?? Math.max(2, Math.floor((box.bottom - box.top) / 40)))) {
    const y = scale(tick.value);
    shape('line', {class: 'grid', x1: box.left, x2: box.right, y1: y, y2: y}, axis);
    shape('text', {x: box.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'middle'}, axis, tick.text);
  }
  const middle = (box.top + box.bottom) / 2;
  shape('text', {class: 'label', transform: `translate(14 ${middle}) rotate(-90)`, 'text-anchor': 'middle'},
    axis, label);
}

function xAxis(box, scale, label, count) {
  const axis = shape('g', {class: 'axis x'}, box.svg);
  shape('line', {x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom}, axis);
  for (const tick of scale.ticks(count ?? Math.max(2, Math.floor((box.right - box.left) / 70)))) {
    const x = scale(tick.value);
    shape('line', {x1: x, x2: x, y1: box.bottom, y2: box.bottom + 5}, axis);
    shape('text', {x, y: box.bottom + 18, 'text-anchor': 'middle'}, axis, tick.text);
  }
  shape('text', {class: 'label', x: (box.left + box.right) / 2, y: box.height - 6, 'text-anchor': 'middle'},
    axis, label);
}

/** One bar per class from 0 to its value, the value written at its end; `marked` is highlighted. */
function drawBars(svg, {labels, values, domain, yLabel, xLabel, marked, mark}) {
  const box = frame(svg, {left: 62, right: 14, top: 16, bottom: 62});
  const y = linearScale(domain, [box.bottom, box.top]);
  yAxis(box, y, yLabel);
  const band = (box.right - box.left) / labels.length;
  const barWidth = Math.min(band * 0.6, 90);
  const zero = y(0);
  shape('line', {class: 'zero', x1: box.left, x2: box.right, y1: zero, y2: zero}, svg);
  labels.forEach((label, i) => {
    const value = values[i];
    const x = box.left + band * i + (band - barWidth) / 2;
    const end = y(value);
    const bar = shape('rect', {
      class: i === marked ? 'bar marked' : 'bar', x, width: barWidth, y: Math.min(end, zero),
      height: Math.max(Math.abs(end - zero), 1), 'data-label': label, 'data-value': String(value),
    }, svg);
    titled(bar, `${label}: ${value}`);
    const above = value >= 0;
    shape('text', {class: 'value', x: x + barWidth / 2, y: above ? end - 5 : end + 14, 'text-anchor': 'middle'},
      svg, number(value));
    shape('text', {class: i === marked ? 'category marked' : 'category', x: x + barWidth / 2,
      y: box.bottom + 18, 'text-anchor': 'middle'}, svg, label);
    if (i === marked && mark) {
      // A line of its own: at a phone's width a bar's band is about as wide as its name.
      shape('text', {class: 'category marked', x: x + barWidth / 2, y: box.bottom + 34, 'text-anchor': 'middle'},
        svg, mark);
    }
  });
  shape('text', {class: 'label', x: (box.left + box.right) / 2, y: box.height - 6, 'text-anchor': 'middle'},
    svg, xLabel);
}

/** Curves over a shared x axis, clipped to the plot area, with points and a vertical marker. */
function drawLines(svg, {x, y, series, points = [], marker}) {
  const box = frame(svg);
  const xs = linearScale(x.domain, [box.left, box.right]);
  const ys = (y.log ? logScale : linearScale)(y.domain, [box.bottom, box.top]);
  yAxis(box, ys, y.label);
  xAxis(box, xs, x.label, x.ticks);
  const clip = `${svg.id}-plot`;
  shape('rect', {x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top},
    shape('clipPath', {id: clip}, shape('defs', {}, svg)));
  const plot = shape('g', {'clip-path': `url(#${clip})`}, svg);
  if (marker !== undefined) {
    shape('line', {class: 'marker', x1: xs(marker), x2: xs(marker), y1: box.top, y2: box.bottom}, plot);
  }
  for (const line of series) {
    const d = line.xs.map((v, i) => `${i ? 'L' : 'M'}${xs(v).toFixed(2)},${ys(line.ys[i]).toFixed(2)}`).join('');
    shape('path', {class: `line ${line.cls}`, d, 'data-series': line.cls,
      'data-x': JSON.stringify(line.xs), 'data-y': JSON.stringify(line.ys)}, plot);
  }
  for (const point of points) {
    titled(shape('circle', {class: `point ${point.cls}`, cx: xs(point.x), cy: ys(point.y), r: point.r ?? 5,
      'data-series': point.cls, 'data-x': String(point.x), 'data-value': String(point.y)}, plot), point.title);
  }
  return {box, xs, ys};
}

/** A square matrix as coloured cells: red positive, blue negative, the strength its size against the largest. */
function drawHeatMap(svg, {matrix, rowLabels, columnLabels, rowTitle, columnTitle}) {
  const n = matrix.length;
  const width = Math.max(svg.clientWidth, 200);
  const top = 34;
  const side = Math.min((width - 96 - 10) / n, (Math.max(svg.clientHeight, 160) - top - 10) / n);
  // Centred, with room on the left for the row names and their title.
  const left = Math.max(96, (width - side * n) / 2 + 30);
  const box = frame(svg);
  const largest = Math.max(...matrix.flat().map(Math.abs)) || 1;
  shape('text', {class: 'label', x: left + (side * n) / 2, y: 12, 'text-anchor': 'middle'}, svg, columnTitle);
  shape('text', {class: 'label', transform: `translate(${left - 84} ${top + (side * n) / 2}) rotate(-90)`,
    'text-anchor': 'middle'}, svg, rowTitle);
  matrix.forEach((row, i) => {
    shape('text', {class: 'category', x: left - 6, y: top + side * (i + 0.5), 'text-anchor': 'end',
      'dominant-baseline': 'middle'}, svg, rowLabels[i]);
    row.forEach((value, j) => {
      if (i === 0) {
        shape('text', {class: 'category', x: left + side * (j + 0.5), y: top - 6, 'text-anchor': 'middle'},
          svg, columnLabels[j]);
      }
      const strength = Math.abs(value) / largest;
      const cell = shape('rect', {class: 'cell', x: left + side * j, y: top + side * i, width: side, height: side,
        fill: tint(value, strength), 'data-row': i, 'data-column': j, 'data-value': String(value)}, svg);
      titled(cell, `∂p(${rowLabels[i]}) / ∂z(${columnLabels[j]}) = ${value}`);
      shape('text', {class: strength > 0.55 ? 'value on-dark' : 'value', x: left + side * (j + 0.5),
        y: top + side * (i + 0.5), 'text-anchor': 'middle', 'dominant-baseline': 'middle'}, svg, number(value, 3));
    });
  });
  return box;
}

/** White to red (positive) or to blue (negative). */
function tint(value, strength) {
  const [r, g, b] = value >= 0 ? [192, 57, 43] : [36, 113, 163];
  const mix = (c) => Math.round(255 + (c - 255) * strength);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

// ---- Panel 1: softmax ----

const softmax = panel('softmax');
const logitInputs = [0, 1, 2].map((i) => document.getElementById(`logit-${i}`));
const temperatureInput = document.getElementById('temperature');
const logSoftmaxInput = document.getElementById('log-softmax');

/** The slider moves over log10 T in [-1, 1]; T is sent with two significant digits, as it is shown. */
function temperature() {
  return Number((10 ** Number(temperatureInput.value)).toPrecision(2));
}

function askSoftmax() {
  const t = temperature();
  document.getElementById('temperature-value').textContent = String(t);
  temperatureInput.setAttribute('aria-valuetext', `T = ${t}`);
  // A field that is not a number is sent as null, and the API's answer says which one it is.
  const logits = logitInputs.map((input) => (input.value.trim() === '' ? null : Number(input.value)));
  const log = logSoftmaxInput.checked;
  const section = softmax.section;
  softmax.show(() => api(log ? 'log-softmax' : 'softmax', {logits, temperature: t, classNames: SPECIES}),
    (answer) => {
      const values = log ? answer.logProbabilities : answer.probabilities;
      drawBars(document.getElementById('softmax-chart'), {
        labels: SPECIES, values, marked: answer.argmax, mark: '▲ argmax',
        domain: log ? niceDomain(values) : [0, 1],
        yLabel: log ? 'log-probability (nats)' : 'probability', xLabel: 'species',
      });
      section.dataset.temperature = String(t);
      section.dataset.logits = JSON.stringify(logits);
      section.dataset.log = String(log);
      document.getElementById('softmax-caption').textContent =
        `At T = ${t} the ${log ? 'log-probabilities' : 'probabilities'} are `
        + values.map((v, i) => `${SPECIES[i]} ${number(v)}`).join(', ')
        + `; argmax is ${answer.argmax}, so the prediction is ${answer.predictedClass}.`;
    });
}

for (const input of [...logitInputs, temperatureInput]) input.addEventListener('input', askSoftmax);
logSoftmaxInput.addEventListener('change', askSoftmax);

// ---- Panel 2: cross-entropy vs squared error ----

const loss = panel('loss');
const probabilityInput = document.getElementById('true-probability');
/** p = 0.01, 0.02, ..., 1: the open end at 0 is where cross-entropy is infinite. */
const GRID = Array.from({length: 100}, (_, i) => (i + 1) / 100);

/** Setosa p; Versicolor and Virginica share 1 - p as 31 : 12, as in the seed (0.57, 0.31, 0.12). */
function seedRow(p) {
  const versicolor = Math.round(((1 - p) * 31 / 43) * 1e4) / 1e4;
  return [p, versicolor, Math.round((1 - p - versicolor) * 1e4) / 1e4];
}

let lossCurves = null;

function askLoss() {
  const p = Number(probabilityInput.value);
  document.getElementById('true-probability-value').textContent = String(p);
  const row = seedRow(p);
  loss.show(async () => {
    lossCurves ??= await api('loss/compare', {probabilities: GRID.map(seedRow), target: GRID.map(() => 0)});
    return {curves: lossCurves, point: await api('loss/compare', {probabilities: row, target: 0})};
  }, ({curves, point}) => {
    const slopeFloor = -10;
    drawLines(document.getElementById('loss-chart'), {
      x: {domain: [0, 1], label: 'p, the probability of the true class'},
      y: {domain: niceDomain([...curves.crossEntropy, ...curves.squaredError]), label: 'loss'},
      series: [{cls: 'cross-entropy', xs: GRID, ys: curves.crossEntropy},
        {cls: 'squared-error', xs: GRID, ys: curves.squaredError}],
      points: [{cls: 'cross-entropy', x: p, y: point.crossEntropy, title: `cross-entropy ${point.crossEntropy}`},
        {cls: 'squared-error', x: p, y: point.squaredError, title: `squared error ${point.squaredError}`}],
      marker: p,
    });
    const slopes = drawLines(document.getElementById('slope-chart'), {
      x: {domain: [0, 1], label: 'p, the probability of the true class'},
      y: {domain: [slopeFloor, 0], label: 'slope d loss / d p'},
      series: [{cls: 'cross-entropy', xs: GRID, ys: curves.crossEntropySlope},
        {cls: 'squared-error', xs: GRID, ys: curves.squaredErrorSlope}],
      points: [
        {cls: 'cross-entropy', x: p, y: point.crossEntropySlope, title: `slope ${point.crossEntropySlope}`},
        {cls: 'squared-error', x: p, y: point.squaredErrorSlope, title: `slope ${point.squaredErrorSlope}`}],
      marker: p,
    });
    // Lower right, where no curve runs; cross-entropy's slope leaves the chart at the left.
    shape('text', {class: 'note', x: slopes.box.right - 6, y: slopes.ys(slopeFloor * 0.75), 'text-anchor': 'end'},
      slopes.box.svg, `↙ −log p: slope ${number(curves.crossEntropySlope[0])} at p = ${GRID[0]}`);
    loss.section.dataset.p = String(p);
    document.getElementById('loss-readout').textContent =
      `At p = ${p} (Setosa ${row[0]}, Versicolor ${row[1]}, Virginica ${row[2]}): cross-entropy `
      + `${number(point.crossEntropy)} against squared error ${number(point.squaredError)}; slopes `
      + `${number(point.crossEntropySlope)} against ${number(point.squaredErrorSlope)}.`;
  });
}

probabilityInput.addEventListener('input', askLoss);

// ---- Panel 3: gradients ----

const gradient = panel('gradient');
const targetInput = document.getElementById('target-class');

function askGradient() {
  const target = Number(targetInput.value);
  gradient.show(async () => ({
    crossEntropy: await api('gradient/cross-entropy', {logits: IRIS_LOGITS, target}),
    softmax: await api('gradient/softmax', {logits: IRIS_LOGITS}),
  }), ({crossEntropy, softmax: jacobian}) => {
    drawBars(document.getElementById('gradient-chart'), {
      labels: SPECIES, values: crossEntropy.gradient, marked: target, mark: '▲ true class',
      domain: [-1, 1], yLabel: 'p − y', xLabel: 'species whose score z moves',
    });
    drawHeatMap(document.getElementById('jacobian-chart'), {
      matrix: jacobian.jacobian, rowLabels: SPECIES, columnLabels: SPECIES,
      rowTitle: 'probability p of', columnTitle: 'raw score z of',
    });
    gradient.section.dataset.target = String(target);
    document.getElementById('gradient-readout').textContent =
      `The true class is ${SPECIES[target]}: the loss is ${number(crossEntropy.loss)}, and the gradient p − y is `
      + crossEntropy.gradient.map((v, i) => `${SPECIES[i]} ${number(v)}`).join(', ')
      + ` (p is ${jacobian.probabilities.map((v) => number(v)).join(', ')}).`;
  });
}

targetInput.addEventListener('change', askGradient);

// ---- Panel 4: the vanishing gradient ----

const rnn = panel('rnn');
const lengthInput = document.getElementById('sequence-length');
let recurrentWeights = null;

async function loadWeights() {
  const response = await fetch('explore/recurrent-weights.json');
  if (!response.ok) throw new Error(`recurrent-weights.json answered ${response.status}`);
  return response.json();
}

/** The first `steps` inputs; class 0 at every step but the last, whose target is class 1. */
function backwardRequest(weights, cell, steps) {
  return {
    cell, layers: weights[cell].layers, output: weights[cell].output,
    inputs: weights.inputs.slice(0, steps),
    targets: Array.from({length: steps}, (_, t) => (t === steps - 1 ? 1 : 0)),
    reduction: 'sum',
  };
}

function askRnn() {
  const steps = Number(lengthInput.value);
  document.getElementById('sequence-length-value').textContent = String(steps);
  rnn.show(async () => {
    recurrentWeights ??= await loadWeights();
    lengthInput.max = String(recurrentWeights.inputs.length);
    const answers = await Promise.all(CELLS.map(({cell}) =>
      api('rnn/backward', backwardRequest(recurrentWeights, cell, steps))));
    return answers.map((answer, i) => ({...CELLS[i], norms: answer.hiddenGradientNorms}));
  }, (curves) => {
    const all = curves.flatMap((c) => c.norms);
    const stepsAxis = Array.from({length: steps}, (_, t) => t + 1);
    drawLines(document.getElementById('rnn-chart'), {
      x: {domain: [1, Math.max(steps, 2)], label: 'time step t (the error is at the last step)'},
      y: {domain: [Math.min(...all), Math.max(...all)], log: true, label: '‖∂loss / ∂h_t‖ (log scale)'},
      series: curves.map((c) => ({cls: c.cell, xs: stepsAxis, ys: c.norms})),
      points: curves.flatMap((c) => c.norms.map((norm, t) => ({
        cls: c.cell, x: t + 1, y: norm, r: 2.5, title: `${c.name}, step ${t + 1}: ${norm}`}))),
    });
    rnn.section.dataset.steps = String(steps);
    document.getElementById('rnn-caption').textContent = `Over ${steps} steps, the gradient norm at the last `
      + `step and at the first: ` + curves.map((c) => `${c.name} ${number(c.norms[steps - 1], 2)} and `
      + `${number(c.norms[0], 2)}`).join('; ') + '.';
  });
}

lengthInput.addEventListener('input', askRnn);

// ---- Panel 5: the Iris network ----

const network = panel('network');
const widthInputs = {petal: document.getElementById('petal-width'), sepal: document.getElementById('sepal-width')};

function askNetwork() {
  const inputs = [Number(widthInputs.petal.value), Number(widthInputs.sepal.value)];
  document.getElementById('petal-width-value').textContent = String(inputs[0]);
  document.getElementById('sepal-width-value').textContent = String(inputs[1]);
  network.show(() => api('network/forward', {inputs, layers: IRIS_NETWORK, softmax: true, classNames: SPECIES}),
    (answer) => {
      drawBars(document.getElementById('scores-chart'), {
        labels: SPECIES, values: answer.outputs, marked: answer.argmax, mark: '▲ predicted',
        domain: niceDomain(answer.outputs), yLabel: 'raw score', xLabel: 'species',
      });
      drawBars(document.getElementById('species-chart'), {
        labels: SPECIES, values: answer.probabilities, marked: answer.argmax, mark: '▲ predicted',
        domain: [0, 1], yLabel: 'probability', xLabel: 'species',
      });
      network.section.dataset.inputs = JSON.stringify(inputs);
      document.getElementById('network-readout').textContent = `Petal width ${inputs[0]} and sepal width `
        + `${inputs[1]}: the network predicts ${answer.predictedClass}, with probability `
        + `${number(answer.probabilities[answer.argmax])}.`;
    });
}

for (const input of Object.values(widthInputs)) input.addEventListener('input', askNetwork);

// ---- Start, and redraw at a new width ----

for (const form of document.querySelectorAll('form.controls')) {
  form.addEventListener('submit', (event) => event.preventDefault());
}
askSoftmax();
askLoss();
askGradient();
askRnn();
askNetwork();

let resizing = false;
window.addEventListener('resize', () => {
  if (resizing) return;
  resizing = true;
  requestAnimationFrame(() => {
    resizing = false;
    for (const p of [softmax, loss, gradient, rnn, network]) p.redraw();
  });
});
