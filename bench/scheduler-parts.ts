// Prints what each part of the scheduler costs per host (host states, Placement,
// each default filter and weigher) over 10,000 hosts: where to look first when
// bench/scheduler.ts slows down. Run: npm run bench:scheduler-parts
import { defaultFlavors } from '../src/core/model/flavors.js'
import { SCHEDULER_DEFAULTS } from '../src/core/scheduler/config.js'
import { requestFor } from '../src/core/scheduler/request.js'
import { hostStates } from '../src/core/scheduler/host-state.js'
import { enabledFilters, schedule } from '../src/core/scheduler/scheduler.js'
import { enabledWeighers } from '../src/core/scheduler/weighers/index.js'
import { placementReject } from '../src/core/scheduler/placement-filter.js'
import { cloud } from './scheduler.js'
const state = cloud(10000)
const spec = requestFor({ ...defaultFlavors()[1], extraSpecs: { 'capabilities:cpu_info:arch': 'x86_64' } }, { image: { id: 'img', properties: { hw_architecture: 'x86_64', img_hv_type: 'qemu' } } })
const time = (label: string, fn: () => void) => { for (let i = 0; i < 5; i++) fn(); const t = performance.now(); for (let i = 0; i < 20; i++) fn(); console.log(label.padEnd(36), ((performance.now() - t) / 20 / 10).toFixed(3), 'us/host') }
time('hostStates', () => hostStates(state))
const all = hostStates(state)
time('placement', () => { for (const h of all) placementReject(h, spec) })
for (const f of enabledFilters(SCHEDULER_DEFAULTS)) time(f.name, () => { for (const h of all) f.reject(h, spec, SCHEDULER_DEFAULTS) })
for (const w of enabledWeighers(SCHEDULER_DEFAULTS)) time(w.name, () => { for (const h of all) { w.weigh(h, spec, SCHEDULER_DEFAULTS); w.multiplier(SCHEDULER_DEFAULTS, h) } })
time('schedule (build path)', () => schedule(state, spec, SCHEDULER_DEFAULTS, { explain: false }))
