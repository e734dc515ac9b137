// The benchmark's ES module entry: loads the whole dependency tree, then exits.
import { parse } from '@babel/parser';
import axios from 'axios';
import chalk from 'chalk';
import { format } from 'date-fns';
import createDebug from 'debug';
import express from 'express';
import { chunk } from 'lodash-es';
import { of } from 'rxjs';
import semver from 'semver';
import ts from 'typescript';
import { v4 } from 'uuid';
import { WebSocketServer } from 'ws';
import yargs from 'yargs';
import { z } from 'zod';

const loaded = [
  parse,
  axios,
  chalk,
  format,
  createDebug,
  express,
  chunk,
  of,
  semver,
  ts,
  v4,
  WebSocketServer,
  yargs,
  z,
];
if (loaded.some((x) => x === undefined)) throw new Error('a package did not load');
