import type * as Core from 'mingo/types/core';
import type * as CursorModule from 'mingo/types/cursor';
import type * as Comparison from 'mingo/types/operators/query/comparison';
import type * as QueryOperators from 'mingo/types/operators/query';
import type * as QueryModule from 'mingo/types/query';
import type * as Updater from 'mingo/types/updater';
import type * as Util from 'mingo/types/util';

/**
 * mingo's modules, loaded by their subpaths so that a context holds only the operators the port
 * allows (the package root registers every operator, and a context cannot take one back). The
 * project resolves modules the `node10` way, which does not read `exports`: the types are named by
 * file, the code is required by subpath. One place for it, so every other file imports typed names.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const { Context } = require('mingo/core') as typeof Core;
export const { Cursor } = require('mingo/cursor') as typeof CursorModule;
export const { Query } = require('mingo/query') as typeof QueryModule;
export const { update } = require('mingo/updater') as typeof Updater;
export const { cloneDeep, ensureArray, isEqual, isNil, resolve } = require('mingo/util') as typeof Util;
export const queryOperators = require('mingo/operators/query') as typeof QueryOperators;
export const comparisonOperators = require('mingo/operators/query/comparison') as typeof Comparison;
/* eslint-enable @typescript-eslint/no-require-imports */
