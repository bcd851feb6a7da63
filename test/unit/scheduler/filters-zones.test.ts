// Ports of Nova's test_host_filters (AllHostsFilter), test_availability_zone_filters,
// test_aggregate_multitenancy_isolation_filters and test_isolated_hosts_filter.
import { describe, expect, it } from 'vitest'
import { aggregateMultiTenancyIsolationFilter as tenancy } from '../../../src/core/scheduler/filters/aggregate-multitenancy-isolation.js'
import { allHostsFilter } from '../../../src/core/scheduler/filters/all-hosts.js'
import { availabilityZoneFilter as azFilter } from '../../../src/core/scheduler/filters/availability-zone.js'
import { isolatedHostsFilter as isolated } from '../../../src/core/scheduler/filters/isolated-hosts.js'
import { makeAggregate, makeConfig, makeHost, makeHostState, makeSpec } from '../../helpers/scheduler.js'

const host1 = makeHost('host1')
/** host1's state as a member of aggregates with these metadata. */
const inAggregates = (...metadata: Array<Record<string, string>>) =>
  makeHostState(host1, { aggregates: metadata.map((m, i) => makeAggregate(`agg${i}`, [host1], m)) })

describe('AllHostsFilter', () => {
  it('passes every host, even one that is down, disabled and full', () => {
    const hs = makeHostState(makeHost('h', { status: 'down', enabled: false }), { num_instances: 10_000, num_io_ops: 10_000 })
    expect(allHostsFilter.reject(hs, makeSpec(), makeConfig({ max_instances_per_host: 0 }))).toBeNull()
  })
})

describe('AvailabilityZoneFilter', () => {
  const zone = (az: string | undefined, hs = inAggregates({ availability_zone: 'nova' }), config = makeConfig()) =>
    azFilter.reject(hs, makeSpec({ availabilityZone: az }), config)

  it('passes a host whose aggregate zone is the zone asked for', () => expect(zone('nova')).toBeNull())
  it('passes every zone of a comma-separated availability_zone value, whitespace stripped as Python does', () => {
    const hs = inAggregates({ availability_zone: 'nova,\x85nova2 ' })
    expect(zone('nova', hs)).toBeNull()
    expect(zone('nova2', hs)).toBeNull()
  })
  it('rejects a host in another zone, naming both zones', () => expect(zone('bad')).toBe('in zone nova, the request asks for bad'))
  it('passes every host when the request asks for no zone', () => {
    expect(zone(undefined)).toBeNull()
    expect(zone('')).toBeNull()
  })
  it('puts a host in any zone one of its aggregates names (several aggregates)', () => {
    const hs = inAggregates({ availability_zone: 'az1' }, { availability_zone: 'az2' }, { other: 'x' })
    expect(zone('az1', hs)).toBeNull()
    expect(zone('az2', hs)).toBeNull()
    expect(zone('az3', hs)).toBe('in zones az1, az2, the request asks for az3')
  })
  it('uses default_availability_zone for a host in no zoned aggregate, not the HostState zone', () => {
    const hs = inAggregates({ other: 'x' })
    const config = makeConfig({ default_availability_zone: 'home' })
    expect(zone('home', hs, config)).toBeNull()
    expect(zone('nova', hs, config)).toBe('in the default zone home, the request asks for nova')
  })
  it('does not treat a zoned host as in the default zone', () => {
    expect(zone('nova', inAggregates({ availability_zone: 'az1' }))).toBe('in zone az1, the request asks for nova')
  })
  it('treats an empty availability_zone value as a zone named "" (Nova tests key presence)', () => {
    expect(zone('nova', inAggregates({ availability_zone: '' }))).not.toBeNull()
  })
  it('re-reads an aggregate whose zone changed', () => {
    const hs = inAggregates({ availability_zone: 'az1' })
    expect(zone('az1', hs)).toBeNull()
    hs.aggregates[0].metadata.availability_zone = 'az2'
    expect(zone('az1', hs)).not.toBeNull()
  })
})

describe('AggregateMultiTenancyIsolation', () => {
  const project = (projectId: string, hs: ReturnType<typeof inAggregates>) => tenancy.reject(hs, makeSpec({ projectId }), makeConfig())

  it('passes the project an aggregate names in filter_tenant_id', () =>
    expect(project('my_tenantid', inAggregates({ filter_tenant_id: 'my_tenantid' }))).toBeNull())
  it('passes a project listed among comma-separated projects', () =>
    expect(project('my_tenantid', inAggregates({ filter_tenant_id: 'my_tenantid, mytenantid2' }))).toBeNull())
  it('rejects another project, naming the allowed one', () =>
    expect(project('my_tenantid', inAggregates({ filter_tenant_id: 'other_tenantid' }))).toBe(
      'in an aggregate only for project other_tenantid (filter_tenant_id), the request is from project my_tenantid',
    ))
  it('rejects a project not in a comma-separated list', () =>
    expect(project('my_tenantid', inAggregates({ filter_tenant_id: 'other_tenantid,other_tenantid2' }))).toContain(
      'projects other_tenantid, other_tenantid2',
    ))
  it('passes every project on a host in no aggregate with filter_tenant_id', () => {
    expect(project('my_tenantid', inAggregates())).toBeNull()
    expect(project('my_tenantid', inAggregates({ availability_zone: 'az1' }))).toBeNull()
  })
  it('passes a project any one of the host aggregates allows (union, not intersection)', () => {
    const hs = inAggregates({ filter_tenant_id: 'p1' }, { filter_tenant_id: 'p2' })
    expect(project('p1', hs)).toBeNull()
    expect(project('p2', hs)).toBeNull()
    expect(project('p3', hs)).not.toBeNull()
  })
  it('reads only the exact key: suffixed filter_tenant_id_* keys are the placement pre-filter\'s', () => {
    expect(project('p1', inAggregates({ filter_tenant_id_2: 'p2' }))).toBeNull()
    expect(project('p2', inAggregates({ filter_tenant_id: 'p1', filter_tenant_id_2: 'p2' }))).not.toBeNull()
  })
  it('admits no project when filter_tenant_id is empty (Nova reads it as the set {""})', () =>
    expect(project('p1', inAggregates({ filter_tenant_id: '' }))).toContain("project ''"))
})

describe('IsolatedHostsFilter', () => {
  const IMAGE = 'image-ref'
  /** Nova's _do_test_isolated_hosts: set_flags puts IMAGE and isolated_host in the lists. */
  const run = (hostIn: boolean, imageIn: boolean, setFlags = true, restrict = true, extra = {}) => {
    const lists = setFlags ? { isolated_images: [IMAGE], isolated_hosts: ['isolated_host'] } : {}
    const config = makeConfig({ ...lists, restrict_isolated_hosts_to_isolated_images: restrict, ...extra })
    const hs = makeHostState(makeHost(hostIn ? 'isolated_host' : 'free_host'))
    return isolated.reject(hs, makeSpec({ image: { id: imageIn ? IMAGE : 'fake-image-ref', properties: {} } }), config) === null
  }
  const cases: Array<[string, boolean, boolean, boolean, boolean, object, boolean]> = [
    // name, host isolated, image isolated, set flags, restrict, extra config, passes
    ['isolated image on a non-isolated host', false, true, true, true, {}, false],
    ['non-isolated image on an isolated host', true, false, true, true, {}, false],
    ['isolated image on an isolated host', true, true, true, true, {}, true],
    ['non-isolated image on a non-isolated host', false, false, true, true, {}, true],
    ['no lists configured (defaults): free host, isolated image', false, true, false, true, {}, true],
    ['no lists configured (defaults): isolated host, plain image', true, false, false, true, {}, true],
    ['no lists configured (defaults): isolated host, isolated image', true, true, false, true, {}, true],
    ['no lists configured (defaults): free host, plain image', false, false, false, true, {}, true],
    ['only images listed: listed image on a free host', false, true, false, true, { isolated_images: [IMAGE] }, false],
    ['only images listed: plain image on a would-be isolated host', true, false, false, true, { isolated_images: [IMAGE] }, true],
    ['only images listed: listed image on a would-be isolated host', true, true, false, true, { isolated_images: [IMAGE] }, false],
    ['only images listed: plain image on a free host', false, false, false, true, { isolated_images: [IMAGE] }, true],
    ['only hosts listed: any image on a free host', false, true, false, true, { isolated_hosts: ['isolated_host'] }, true],
    ['only hosts listed: plain image on the isolated host', true, false, false, true, { isolated_hosts: ['isolated_host'] }, false],
    ['only hosts listed: would-be isolated image on the isolated host', true, true, false, true, { isolated_hosts: ['isolated_host'] }, false],
    ['only hosts listed: plain image on a free host', false, false, false, true, { isolated_hosts: ['isolated_host'] }, true],
    ['not restrictive: plain image on an isolated host', true, false, true, false, {}, true],
    ['not restrictive: isolated image on an isolated host', true, true, true, false, {}, true],
    ['not restrictive: plain image on a free host', false, false, true, false, {}, true],
    ['not restrictive: isolated image on a free host', false, true, true, false, {}, false],
    ['not restrictive, only hosts listed: plain image on the isolated host', true, false, false, false, { isolated_hosts: ['isolated_host'] }, true],
  ]
  it.each(cases)('%s (Nova truth table)', (_name, hostIn, imageIn, setFlags, restrict, extra, passes) => {
    expect(run(hostIn, imageIn, setFlags, restrict, extra)).toBe(passes)
  })

  it('treats a request without an image (volume-backed) as a non-isolated image', () => {
    const config = makeConfig({ isolated_images: [IMAGE], isolated_hosts: ['isolated_host'] })
    const spec = makeSpec({ image: { id: '', properties: {} } })
    expect(isolated.reject(makeHostState(makeHost('free_host')), spec, config)).toBeNull()
    expect(isolated.reject(makeHostState(makeHost('isolated_host')), spec, config)).toBe(
      'in isolated_hosts, the request has no image (restrict_isolated_hosts_to_isolated_images)',
    )
  })
  it('never counts a request without an image as isolated, even if isolated_images holds an empty id', () => {
    const config = makeConfig({ isolated_images: ['', IMAGE], isolated_hosts: ['isolated_host'] })
    const spec = makeSpec({ image: { id: '', properties: {} } })
    expect(isolated.reject(makeHostState(makeHost('free_host')), spec, config)).toBeNull()
  })
  it('says which list did not match', () => {
    const config = makeConfig({ isolated_images: [IMAGE], isolated_hosts: ['isolated_host'] })
    const spec = makeSpec({ image: { id: IMAGE, properties: {} } })
    expect(isolated.reject(makeHostState(makeHost('free_host')), spec, config)).toBe(
      'image image-ref is in isolated_images, the host is not in isolated_hosts',
    )
  })
})
