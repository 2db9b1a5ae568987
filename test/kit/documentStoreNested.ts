import type { Doc, DocumentCollection, Filter } from '../../src/store/DocumentStore';

type Fresh = <T extends Doc = Doc>() => DocumentCollection<T>;
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/**
 * Documents shaped like those a declared MongoDB source holds: Fides' sample database
 * (customer_details, customer, rewards in `mongo_sample.js`), with string `_id`s and Dates —
 * nested objects, arrays of scalars inside them, arrays of objects, nulls inside elements.
 */
export const NESTED_FIXTURE: Doc[] = [
  {
    _id: 'c1', customer_id: 1, gender: 'male', birthday: day('1988-01-10'),
    workplace_info: { employer: 'Mountain Baking Company', position: 'Chief Strategist', direct_reports: ['Robbie Margo', 'Sully Hunter'] },
    emergency_contacts: [{ name: 'June Customer', relationship: 'mother', phone: '444-444-4444' }, { name: 'Josh Customer', relationship: 'brother', phone: '111-111-111' }],
    children: ['Christopher Customer', 'Courtney Customer'], travel_identifiers: ['A111-11111', 'B111-11111'],
    comments: [{ comment_id: 'com_0001' }, { comment_id: 'com_0003' }, { comment_id: 'com_0005' }],
    service_request: [{ id: 'ser_aaa-aaa', opened: day('2021-01-01'), closed: day('2021-01-03'), employee_id: '1' }],
  },
  {
    _id: 'c2', customer_id: 2, gender: 'female', birthday: day('1985-03-05'),
    workplace_info: { employer: 'Incline Software Company', position: 'Software Engineer', direct_reports: ['Langdon Jeanne', 'Dorothy Faron'] },
    emergency_contacts: [{ name: 'Jesse Customer', relationship: 'spouse', phone: '111-111-1111' }, { name: 'Jonathan Customer', relationship: 'brother', phone: '222-222-2222' }],
    children: ['Connie Customer'], travel_identifiers: ['C222-222222'],
    service_request: [{ id: 'ser_bbb-bbb', opened: day('2021-01-04'), closed: null, employee_id: '1' }],
  },
  {
    _id: 'c3', customer_id: 3, gender: 'female', birthday: day('1990-02-28'), address: null,
    travel_identifiers: ['D111-11111'], children: ['Erica Example'],
    comments: [{ comment_id: 'com_0002' }, { comment_id: 'com_0004' }, { comment_id: 'com_0006' }],
    service_request: [
      { id: 'ser_ccc-ccc', opened: day('2021-01-05'), closed: day('2021-01-07'), employee_id: '1' },
      { id: 'ser_ddd-ddd', opened: day('2021-05-05'), closed: day('2021-05-08'), employee_id: '2' },
    ],
  },
  { _id: 'r1', owner: [{ phone: '530-486-6983', shopper_name: 'janec' }, { phone: '818-695-1881', shopper_name: 'janec' }], points: 95 },
  { _id: 'r2', owner: [{ phone: '254-344-9868', shopper_name: 'janec' }], points: 50 },
];

/** Filter → the ids it must match, with MongoDB's semantics for paths into nested documents and arrays. */
export const NESTED_FILTER_CASES: Array<[string, Filter, string[]]> = [
  ['a field of a nested object', { 'workplace_info.employer': 'Incline Software Company' }, ['c2']],
  ['an array of scalars inside a nested object', { 'workplace_info.direct_reports': 'Sully Hunter' }, ['c1']],
  ['a field of an array of objects', { 'emergency_contacts.relationship': 'brother' }, ['c1', 'c2']],
  ['$in through an array of objects', { 'emergency_contacts.phone': { $in: ['111-111-1111', '999'] } }, ['c2']],
  ['$in on an array of scalars', { travel_identifiers: { $in: ['D111-11111', 'A111-11111'] } }, ['c1', 'c3']],
  ['$nin through an array of objects (missing matches)', { 'owner.phone': { $nin: ['530-486-6983'] } }, ['c1', 'c2', 'c3', 'r2']],
  ['$ne through an array of objects: no element equals', { 'emergency_contacts.relationship': { $ne: 'brother' } }, ['c3', 'r1', 'r2']],
  ['an index into an array of objects', { 'emergency_contacts.1.relationship': 'brother' }, ['c1', 'c2']],
  ['an element equal to a whole object', { owner: { phone: '254-344-9868', shopper_name: 'janec' } }, ['r2']],
  ['$exists through an array of objects', { 'comments.comment_id': { $exists: true } }, ['c1', 'c3']],
  ['null inside elements, or the array missing', { 'service_request.closed': null }, ['c2', 'r1', 'r2']],
  ['conditions on two fields met by different elements', { 'emergency_contacts.relationship': 'mother', 'emergency_contacts.phone': '111-111-111' }, ['c1']],
  ['$elemMatch: one element meets both', { emergency_contacts: { $elemMatch: { relationship: 'mother', phone: '111-111-111' } } }, []],
  ['$elemMatch on the element that does', { emergency_contacts: { $elemMatch: { relationship: 'brother', phone: '111-111-111' } } }, ['c1']],
  ['a Date range met by different elements', { 'service_request.opened': { $gt: day('2021-01-05'), $lt: day('2021-01-06') } }, ['c3']],
  ['$elemMatch holding a range to one element', { service_request: { $elemMatch: { opened: { $gt: day('2021-01-05'), $lt: day('2021-01-06') } } } }, []],
  ['$elemMatch with $in and a Date range', { service_request: { $elemMatch: { employee_id: { $in: ['2'] }, opened: { $gte: day('2021-05-01') } } } }, ['c3']],
  ['$elemMatch on scalars', { children: { $elemMatch: { $gte: 'D', $lt: 'F' } } }, ['c3']],
  ['$elemMatch with $or inside', { owner: { $elemMatch: { $or: [{ phone: '818-695-1881' }, { shopper_name: 'timc' }] } } }, ['r1']],
];

/** Nested documents and arrays through the whole port: filters, projection, sort and updates. */
export function defineNestedDocuments(fresh: Fresh): void {
  describe('nested documents and arrays', () => {
    let c: DocumentCollection;
    beforeAll(async () => {
      c = fresh();
      await c.insertMany(NESTED_FIXTURE);
    });
    it.each(NESTED_FILTER_CASES)('%s', async (_label, filter, expected) => {
      expect((await c.find(filter)).map((d) => d._id).sort()).toEqual(expected);
      expect(await c.count(filter)).toBe(expected.length);
    });
    it('projects fields of nested objects and of each element of an array of objects', async () => {
      expect(await c.findOne({ _id: 'c2' }, { projection: { 'workplace_info.employer': 1, 'emergency_contacts.phone': 1, 'service_request.closed': 1 } }))
        .toEqual({ _id: 'c2', workplace_info: { employer: 'Incline Software Company' }, emergency_contacts: [{ phone: '111-111-1111' }, { phone: '222-222-2222' }], service_request: [{ closed: null }] });
    });
    it('sorts by a nested field (missing first) and by an array ascending (its least element)', async () => {
      expect((await c.find({}, { sort: { 'workplace_info.employer': 1 } })).map((d) => d._id)).toEqual(['c3', 'r1', 'r2', 'c2', 'c1']);
      expect((await c.find({ 'owner.phone': { $exists: false } }, { sort: { travel_identifiers: 1 } })).map((d) => d._id)).toEqual(['c1', 'c2', 'c3']);
    });
  });

  it('updates inside nested objects and elements of arrays of objects', async () => {
    const d = fresh();
    await d.insertMany(NESTED_FIXTURE.slice(0, 2));
    expect(await d.updateOne({ _id: 'c1' }, {
      $set: { 'emergency_contacts.0.phone': null, 'workplace_info.address.city': 'Exampletown' },
      $unset: { 'workplace_info.employer': true },
      $inc: { 'service_request.0.reopened': 1 },
      $push: { comments: { comment_id: 'com_0009' } },
    })).toEqual({ matched: 1, modified: 1, upsertedId: null });
    const c1 = await d.findOne({ _id: 'c1' });
    expect(c1?.emergency_contacts).toEqual([{ name: 'June Customer', relationship: 'mother', phone: null }, { name: 'Josh Customer', relationship: 'brother', phone: '111-111-111' }]);
    expect(c1?.workplace_info).toEqual({ position: 'Chief Strategist', direct_reports: ['Robbie Margo', 'Sully Hunter'], address: { city: 'Exampletown' } });
    expect((c1?.service_request as Doc[])[0]?.reopened).toBe(1);
    expect((c1?.comments as unknown[]).at(-1)).toEqual({ comment_id: 'com_0009' });
    expect(await d.updateMany({ emergency_contacts: { $elemMatch: { relationship: 'brother', phone: { $in: ['222-222-2222'] } } } }, { $set: { flagged: true } }))
      .toEqual({ matched: 1, modified: 1, upsertedId: null });
    expect((await d.find({ flagged: true })).map((doc) => doc._id)).toEqual(['c2']);
  });

  it('rejects an update through a scalar or onto a nested non-array, changing nothing', async () => {
    const d = fresh();
    await d.insertOne(NESTED_FIXTURE[1]!);
    await expect(d.updateOne({ _id: 'c2' }, { $set: { 'gender.code': 'f' } })).rejects.toBeInstanceOf(TypeError);
    await expect(d.updateOne({ _id: 'c2' }, { $push: { 'workplace_info.employer': 'x' } })).rejects.toBeInstanceOf(TypeError);
    await expect(d.updateOne({ _id: 'c2' }, { $inc: { 'emergency_contacts.0.name': 1 } })).rejects.toBeInstanceOf(TypeError);
    expect(await d.findOne({ _id: 'c2' })).toEqual(NESTED_FIXTURE[1]);
  });
}
