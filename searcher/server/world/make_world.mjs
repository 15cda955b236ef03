// Build time only: the country outlines of the widget's map, from Natural Earth's 1:110m Admin 0
// countries (public domain) as npm's world-atlas redistributes them, into one small JSON file that
// sitrep-serve embeds as /world.json.
//
//   node make_world.mjs NODE_MODULES_DIR OUT_FILE
//
// The output holds two SVG path strings in an equirectangular projection, x = longitude and
// y = -latitude, in hundredths of a degree (integers, relative moves): "land" (the land, to fill)
// and "borders" (the land borders between countries, each drawn once). A ring crossing the
// antimeridian is unwrapped and drawn a second time 360 degrees to the west, so both edges of the
// map show it. Nothing is fetched at run time: the widget reads this file from its own server.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modules, out] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node make_world.mjs NODE_MODULES_DIR OUT_FILE');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const topojson = require('topojson-client');
const atlasPackage = require('world-atlas/package.json');
const topology = require('world-atlas/countries-110m.json');

const SCALE = 100; // units per degree

// One line of [lon, lat] points, unwrapped across the antimeridian (longitudes may pass 180).
function unwrap(points) {
  const line = [];
  let shift = 0;
  let prev = null;
  for (const [lon, lat] of points) {
    if (prev !== null) {
      const d = lon + shift - prev;
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
    }
    prev = lon + shift;
    line.push([prev, lat]);
  }
  return line;
}

// "Mx yl dx dy dx dy ..." in integer units, points that round to the same unit dropped.
function pathOf(line, close, dx = 0) {
  let s = '';
  let px = null;
  let py = null;
  for (const [lon, lat] of line) {
    const x = Math.round((lon + dx) * SCALE);
    const y = Math.round(-lat * SCALE);
    if (px === null) s += `M${x} ${y}l`;
    else if (x !== px || y !== py) s += `${s.endsWith('l') ? '' : ' '}${x - px} ${y - py}`;
    else continue;
    px = x;
    py = y;
  }
  return s.replace(/l$/, '').replace(/ -/g, '-') + (close ? 'z' : '');
}

function linesPath(lines, close) {
  let d = '';
  for (const raw of lines) {
    const line = unwrap(raw);
    d += pathOf(line, close);
    const maxLon = Math.max(...line.map((p) => p[0]));
    const minLon = Math.min(...line.map((p) => p[0]));
    if (maxLon > 180) d += pathOf(line, close, -360);
    if (minLon < -180) d += pathOf(line, close, 360);
  }
  return d;
}

const land = topojson.feature(topology, topology.objects.land);
const rings = [];
for (const f of land.features || [land]) {
  const g = f.geometry;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const polygon of polygons) for (const ring of polygon) rings.push(ring);
}
const borders = topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b);

const world = {
  source: `Natural Earth 1:110m Admin 0 countries (public domain), from npm world-atlas ${atlasPackage.version}`,
  projection: 'equirectangular: x = longitude, y = -latitude, in units of 1/100 degree',
  scale: SCALE,
  land: linesPath(rings, true),
  borders: linesPath(borders.coordinates, false),
};
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(out + '.tmp', JSON.stringify(world) + '\n');
fs.renameSync(out + '.tmp', out);
console.log(`${out}: ${rings.length} land rings, ${borders.coordinates.length} border lines, ` +
  `${fs.statSync(out).size} bytes`);
