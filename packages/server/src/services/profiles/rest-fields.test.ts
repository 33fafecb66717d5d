import { describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../../storage/profiles/types.js';
import { changeFromItems, itemsOf, itemsOfChange } from './rest-fields.js';

const profile: ProfileRecord = {
  userID: 'ann',
  nick: 'Ann',
  faceUrl: 'https://img/ann',
  selfSignature: '',
  gender: 1,
  birthday: 19900102,
  level: 0,
  role: 0,
  allowType: 1,
  msgSettings: 0,
  customInfo: { Hobby: 'chess' },
};

describe('profile tags', () => {
  it('reads items into a change, enums by name and custom tags without their prefix', () => {
    expect(
      changeFromItems([
        { Tag: 'Tag_Profile_IM_Nick', Value: 'N' },
        { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Female' },
        { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_AllowAny' },
        { Tag: 'Tag_Profile_IM_MsgSettings', Value: 1 },
        { Tag: 'Tag_Profile_Custom_City', Value: 'Rome' },
      ]),
    ).toEqual({
      ok: true,
      change: { nick: 'N', gender: 2, allowType: 0, msgSettings: 1, customInfo: { City: 'Rome' } },
    });
  });

  it('names the first unknown tag or bad value', () => {
    expect(changeFromItems([{ Tag: 'Tag_Profile_IM_Location', Value: 'x' }])).toEqual({
      ok: false,
      tag: 'Tag_Profile_IM_Location',
      why: 'unknown',
    });
    for (const [Tag, Value] of [
      ['Tag_Profile_IM_Nick', 3],
      ['Tag_Profile_IM_Gender', 'male'],
      ['Tag_Profile_IM_Level', -1],
      ['Tag_Profile_IM_Role', 1.5],
      ['Tag_Profile_IM_BirthDay', 2 ** 32],
      ['Tag_Profile_Custom_City', 7],
    ] as const) {
      expect(changeFromItems([{ Tag, Value }])).toEqual({ ok: false, tag: Tag, why: 'value' });
    }
  });

  it('writes a profile as items: the tags asked, or every standard tag and the set custom ones', () => {
    expect(
      itemsOf(profile, ['Tag_Profile_IM_Gender', 'Tag_Profile_Custom_Hobby', 'Tag_Profile_Custom_Pet']),
    ).toEqual([
      { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Male' },
      { Tag: 'Tag_Profile_Custom_Hobby', Value: 'chess' },
    ]);
    const all = itemsOf(profile, []);
    expect(all).toContainEqual({ Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_NeedConfirm' });
    expect(all).toContainEqual({ Tag: 'Tag_Profile_IM_Image', Value: 'https://img/ann' });
    expect(all.at(-1)).toEqual({ Tag: 'Tag_Profile_Custom_Hobby', Value: 'chess' });
    expect(itemsOfChange({ level: 2, customInfo: { City: '' } })).toEqual([
      { Tag: 'Tag_Profile_IM_Level', Value: 2 },
      { Tag: 'Tag_Profile_Custom_City', Value: '' },
    ]);
  });
});
