"""Forms built with Angular and Angular Material, libraries nobody here wrote, for the navigator benchmark.

The libraries come from the npm registry (installed into benchmarks/.npm-angular on first use, not ghosttab
dependencies): Angular 21 with zone.js, the CDK and Angular Material with its prebuilt azure-blue theme,
built ahead of time by the Angular CLI's esbuild application builder (`ng build`) into one bundle served
as two pages. The DOM, the overlays in the cdk-overlay-container, the stepper, chips, dialogs and
validation messages are Angular Material's; only the two small standalone components and the page
echoing a submission are ours.

    with angular_site() as base:   # base URL; /insurance.html (quote stepper) and /library.html (membership)
        ...
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from local_server import FormEchoHandler, built_site, serve_forms

HERE = Path(__file__).resolve().parent
PREFIX = HERE / ".npm-angular"
ANGULAR, MATERIAL, CLI = "21.2.24", "21.2.9", "21.2.27"
PACKAGES = [*(f"@angular/{name}@{ANGULAR}" for name in ("core", "common", "compiler", "compiler-cli", "forms",
                                                          "platform-browser", "animations")),
            f"@angular/cdk@{MATERIAL}", f"@angular/material@{MATERIAL}", f"@angular/build@{CLI}",
            f"@angular/cli@{CLI}", "rxjs@7", "zone.js@0.16", "tslib@2", "typescript@5.9"]  # fmt: skip
PAGES = {"insurance": "Home insurance quote", "library": "Library membership"}

BRANCHES = [f"{name} Library" for name in (
    "Abbeydale", "Ashfield", "Barnwood", "Bridge Street", "Castle Hill", "Central", "Clifton", "Eastgate",
    "Fairview", "Greenhill", "Harbourside", "Highfield", "Kingsway", "Meadowbank", "Northgate", "Oakwood",
    "Riverside", "St Anne's", "Westbury", "Woodlands")]  # fmt: skip

ANGULAR_JSON = {
    "$schema": "./node_modules/@angular/cli/lib/config/schema.json",
    "version": 1,
    "cli": {"analytics": False},
    "newProjectRoot": "projects",
    "projects": {"forms": {"projectType": "application", "root": "", "sourceRoot": "src", "architect": {
        "build": {"builder": "@angular/build:application", "options": {
            "browser": "src/main.ts", "index": "src/index.html", "outputPath": "dist",
            "tsConfig": "tsconfig.json", "polyfills": ["zone.js"],
            "styles": ["@angular/material/prebuilt-themes/azure-blue.css", "src/styles.css"],
            "optimization": True, "outputHashing": "all", "sourceMap": False, "extractLicenses": False}}}}},
}  # fmt: skip

TSCONFIG = {
    "compilerOptions": {"strict": True, "target": "ES2022", "module": "preserve",
                        "moduleResolution": "bundler", "lib": ["ES2022", "dom"], "skipLibCheck": True,
                        "isolatedModules": True, "noImplicitOverride": True,
                        "noImplicitReturns": True},
    "angularCompilerOptions": {"strictTemplates": True, "strictInjectionParameters": True},
    "files": ["src/main.ts"],
}  # fmt: skip

INDEX_HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Forms</title>
    <base href="/">
  </head>
  <body class="mat-typography">
    <app-root></app-root>
  </body>
</html>
"""

STYLES_CSS = """html, body { height: 100%; }
body { margin: 0; background: #f4f6fb; font-family: system-ui, Roboto, "Helvetica Neue", sans-serif; }
.page { max-width: 760px; margin: 32px auto; padding: 8px 8px 16px; }
.page h1 { margin: 8px 0 0; font-size: 24px; font-weight: 500; }
.row { display: flex; gap: 16px; flex-wrap: wrap; }
.row > mat-form-field { flex: 1 1 220px; }
.full { width: 100%; }
.group { display: flex; flex-direction: column; gap: 4px; margin: 4px 0 16px; }
.group-label { font-size: 14px; color: rgba(0, 0, 0, .7); margin-bottom: 4px; }
.actions { display: flex; gap: 8px; margin-top: 16px; }
.hint-error { font-size: 12px; }
"""

MAIN_TS = """import { provideZoneChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideAnimationsAsync } from '@angular/platform-browser/animations/async';
import { provideNativeDateAdapter } from '@angular/material/core';
import { InsuranceQuote } from './app/insurance';
import { LibraryMembership } from './app/library';

const root = location.pathname.startsWith('/library') ? LibraryMembership : InsuranceQuote;
bootstrapApplication(root, {
  providers: [provideZoneChangeDetection({ eventCoalescing: true }), provideAnimationsAsync(),
              provideNativeDateAdapter()],
}).catch((error) => console.error(error));
"""

UTIL_TS = """export function isoDate(date: Date | null | undefined): string {
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function send(form: string, fields: [string, string | string[]][]): void {
  const params = new URLSearchParams({ form });
  for (const [key, value] of fields) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  window.location.assign('/submit?' + params.toString());
}
"""

INSURANCE_TS = """import { Component, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatStepperModule } from '@angular/material/stepper';
import { isoDate, send } from './util';

const EXTRAS = ['Home emergency', 'Legal expenses', 'Garden cover', 'Bicycle cover'];
const POSTCODE = /^\\s*[A-Za-z]{1,2}\\d[A-Za-z\\d]?\\s*\\d[A-Za-z]{2}\\s*$/;

@Component({
  selector: 'app-root',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatCheckboxModule, MatDatepickerModule,
            MatFormFieldModule, MatInputModule, MatRadioModule, MatSelectModule, MatSlideToggleModule,
            MatStepperModule],
  template: `
<mat-card class="page" appearance="outlined">
  <mat-card-header><mat-card-title><h1>Home insurance quote</h1></mat-card-title></mat-card-header>
  <mat-stepper linear #stepper>
    <ng-template matStepperIcon="edit">&#10003;</ng-template>
    <ng-template matStepperIcon="done">&#10003;</ng-template>
    <mat-step [stepControl]="property" label="Property">
      <form [formGroup]="property">
        <div class="row">
          <mat-form-field>
            <mat-label>Postcode</mat-label>
            <input matInput formControlName="postcode" autocomplete="postal-code">
            @if (property.controls.postcode.hasError('required')) {
              <mat-error>Enter the postcode of the property</mat-error>
            } @else {
              <mat-error>Enter a full UK postcode, like SW1A 1AA</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>Property type</mat-label>
            <mat-select formControlName="type">
              @for (type of types; track type) { <mat-option [value]="type">{{ type }}</mat-option> }
            </mat-select>
            <mat-error>Choose the type of property</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>Number of bedrooms</mat-label>
            <input matInput type="number" formControlName="bedrooms" min="1" max="10">
            <mat-error>Enter a number of bedrooms from 1 to 10</mat-error>
          </mat-form-field>
        </div>
        <div class="actions">
          <button mat-flat-button matStepperNext (click)="property.markAllAsTouched()">Next</button>
        </div>
      </form>
    </mat-step>
    <mat-step [stepControl]="cover" label="Cover">
      <form [formGroup]="cover">
        <mat-form-field>
          <mat-label>Cover start date</mat-label>
          <input matInput [matDatepicker]="startPicker" formControlName="start" [min]="today">
          <mat-hint>MM/DD/YYYY</mat-hint>
          <mat-datepicker-toggle matIconSuffix [for]="startPicker" />
          <mat-datepicker #startPicker />
          @if (cover.controls.start.hasError('matDatepickerMin')) {
            <mat-error>Cover cannot start in the past</mat-error>
          } @else if (cover.controls.start.hasError('matDatepickerParse')) {
            <mat-error>Enter a real date</mat-error>
          } @else {
            <mat-error>Choose when the cover should start</mat-error>
          }
        </mat-form-field>
        <div class="group">
          <span class="group-label" id="level-label">Level of cover</span>
          <mat-radio-group formControlName="level" aria-labelledby="level-label" class="group">
            @for (level of levels; track level) {
              <mat-radio-button [value]="level">{{ level }}</mat-radio-button>
            }
          </mat-radio-group>
          @if (cover.controls.level.invalid && cover.controls.level.touched) {
            <mat-error class="hint-error">Choose a level of cover</mat-error>
          }
        </div>
        <div class="group">
          <mat-slide-toggle formControlName="accidental">Add accidental damage cover</mat-slide-toggle>
        </div>
        <div class="group" formGroupName="extras">
          <span class="group-label">Optional extras</span>
          @for (extra of extras; track extra) {
            <mat-checkbox [formControlName]="extra">{{ extra }}</mat-checkbox>
          }
        </div>
        <div class="actions">
          <button mat-button matStepperPrevious>Back</button>
          <button mat-flat-button matStepperNext (click)="cover.markAllAsTouched()">Next</button>
        </div>
      </form>
    </mat-step>
    <mat-step [stepControl]="contact" label="Contact">
      <form [formGroup]="contact" (ngSubmit)="getQuote()">
        <mat-form-field class="full">
          <mat-label>Full name</mat-label>
          <input matInput formControlName="name" autocomplete="name">
          <mat-error>Enter your name</mat-error>
        </mat-form-field>
        <div class="row">
          <mat-form-field>
            <mat-label>Email</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email">
            <mat-error>Enter an email address like name&#64;example.com</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>Phone number</mat-label>
            <input matInput type="tel" formControlName="phone" autocomplete="tel">
            <mat-error>Enter a phone number</mat-error>
          </mat-form-field>
        </div>
        <div class="actions">
          <button mat-button matStepperPrevious type="button">Back</button>
          <button mat-flat-button type="submit">Get quote</button>
        </div>
      </form>
    </mat-step>
  </mat-stepper>
</mat-card>`,
})
export class InsuranceQuote {
  private readonly fb = inject(FormBuilder).nonNullable;
  readonly types = ['Flat', 'Terraced house', 'Semi-detached house', 'Detached house', 'Bungalow'];
  readonly levels = ['Buildings only', 'Contents only', 'Buildings and contents'];
  readonly extras = EXTRAS;
  readonly today = new Date();
  readonly property = this.fb.group({
    postcode: ['', [Validators.required, Validators.pattern(POSTCODE)]],
    type: ['', Validators.required],
    bedrooms: this.fb.control<number | null>(null,
                                             [Validators.required, Validators.min(1), Validators.max(10)]),
  });
  readonly cover = this.fb.group({
    start: this.fb.control<Date | null>(null, Validators.required),
    level: ['', Validators.required],
    accidental: [false],
    extras: this.fb.group(Object.fromEntries(EXTRAS.map((extra) => [extra, false]))),
  });
  readonly contact = this.fb.group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    phone: ['', [Validators.required, Validators.pattern(/^\\+?[\\d\\s()-]{7,20}$/)]],
  });

  getQuote(): void {
    if (this.property.invalid || this.cover.invalid || this.contact.invalid) {
      this.contact.markAllAsTouched();
      return;
    }
    const p = this.property.getRawValue(), c = this.cover.getRawValue(), who = this.contact.getRawValue();
    send('Insurance', [
      ['postcode', p.postcode.trim()], ['type', p.type], ['bedrooms', String(p.bedrooms ?? '')],
      ['start', isoDate(c.start)], ['level', c.level], ['accidental', c.accidental ? 'yes' : 'no'],
      ['extras', EXTRAS.filter((extra) => c.extras[extra])], ['name', who.name.trim()],
      ['email', who.email.trim()], ['phone', who.phone.trim()],
    ]);
  }
}
"""

LIBRARY_TS = """import { Component, inject } from '@angular/core';
import {
  AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators,
} from '@angular/forms';
import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { isoDate, send } from './util';

interface Branch { code: string; name: string; }
const BRANCHES: Branch[] = __BRANCHES__.map((name: string, i: number) => ({ code: 'B' + (101 + i), name }));
const FORMATS = ['Print', 'E-book', 'Audiobook', 'DVD'];

function pickedBranch(control: AbstractControl): ValidationErrors | null {
  const value = control.value;
  return value && typeof value === 'string' ? { unknownBranch: true } : null;
}

@Component({
  selector: 'app-confirm-membership',
  imports: [MatDialogModule, MatButtonModule],
  template: `
<h2 mat-dialog-title>Confirm membership</h2>
<mat-dialog-content>
  <p>
    {{ data.name }} will become a {{ data.membership.toLowerCase() }} member with {{ data.branch }}
    as home branch.
  </p>
  <p>Your library card will be sent to {{ data.email }}.</p>
</mat-dialog-content>
<mat-dialog-actions align="end">
  <button mat-button mat-dialog-close>Back</button>
  <button mat-flat-button [mat-dialog-close]="true">Join</button>
</mat-dialog-actions>`,
})
export class ConfirmMembership {
  readonly data: Record<'name' | 'email' | 'branch' | 'membership', string> = inject(MAT_DIALOG_DATA);
}

@Component({
  selector: 'app-root',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatButtonModule, MatButtonToggleModule, MatCardModule,
            MatCheckboxModule, MatChipsModule, MatDatepickerModule, MatDialogModule, MatFormFieldModule,
            MatInputModule, MatSelectModule],
  template: `
<mat-card class="page" appearance="outlined">
  <mat-card-header><mat-card-title><h1>Library membership</h1></mat-card-title></mat-card-header>
  <mat-card-content>
    <p>Join your local library: borrow books, e-books and more from any of our {{ branches.length }}
       branches.</p>
    <form [formGroup]="form" (ngSubmit)="join()">
      <div class="row">
        <mat-form-field>
          <mat-label>Full name</mat-label>
          <input matInput formControlName="name" autocomplete="name">
          <mat-error>Enter your full name</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="email">
          <mat-error>Enter a valid email address</mat-error>
        </mat-form-field>
      </div>
      <div class="row">
        <mat-form-field>
          <mat-label>Date of birth</mat-label>
          <input matInput [matDatepicker]="dobPicker" formControlName="dob" [max]="today">
          <mat-hint>MM/DD/YYYY</mat-hint>
          <mat-datepicker-toggle matIconSuffix [for]="dobPicker" />
          <mat-datepicker #dobPicker startView="multi-year" [startAt]="startAt" />
          <mat-error>Enter your date of birth</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Home branch</mat-label>
          <input matInput formControlName="branch" [matAutocomplete]="branchList"
                 placeholder="Start typing a branch">
          <mat-autocomplete #branchList="matAutocomplete" [displayWith]="branchName">
            @for (branch of matchingBranches(); track branch.code) {
              <mat-option [value]="branch">{{ branch.name }}</mat-option>
            }
          </mat-autocomplete>
          @if (form.controls.branch.hasError('unknownBranch')) {
            <mat-error>Choose a branch from the list</mat-error>
          } @else {
            <mat-error>Choose your home branch</mat-error>
          }
        </mat-form-field>
      </div>
      <div class="group">
        <span class="group-label" id="membership-label">Membership type</span>
        <mat-button-toggle-group formControlName="membership" aria-labelledby="membership-label">
          @for (kind of memberships; track kind) {
            <mat-button-toggle [value]="kind">{{ kind }}</mat-button-toggle>
          }
        </mat-button-toggle-group>
        @if (form.controls.membership.invalid && form.controls.membership.touched) {
          <mat-error class="hint-error">Choose a membership type</mat-error>
        }
      </div>
      <mat-form-field class="full">
        <mat-label>Preferred formats</mat-label>
        <mat-select formControlName="formats" multiple>
          @for (format of formats; track format) { <mat-option [value]="format">{{ format }}</mat-option> }
        </mat-select>
        <mat-error>Choose at least one format</mat-error>
      </mat-form-field>
      <mat-form-field class="full">
        <mat-label>Interests</mat-label>
        <mat-chip-grid #interestGrid formControlName="interests" aria-label="Interests">
          @for (interest of form.controls.interests.value; track interest) {
            <mat-chip-row (removed)="removeInterest(interest)">
              {{ interest }}
              <button matChipRemove [attr.aria-label]="'Remove ' + interest">&times;</button>
            </mat-chip-row>
          }
          <input placeholder="Add an interest…" [matChipInputFor]="interestGrid"
                 [matChipInputSeparatorKeyCodes]="separators" [matChipInputAddOnBlur]="true"
                 (matChipInputTokenEnd)="addInterest($event)">
        </mat-chip-grid>
        <mat-hint>Press Enter after each one</mat-hint>
      </mat-form-field>
      <div class="group">
        <mat-checkbox formControlName="rules">I accept the library rules</mat-checkbox>
        @if (form.controls.rules.invalid && form.controls.rules.touched) {
          <mat-error class="hint-error">You must accept the library rules to join</mat-error>
        }
      </div>
      <div class="actions"><button mat-flat-button type="submit">Join the library</button></div>
    </form>
  </mat-card-content>
</mat-card>`,
})
export class LibraryMembership {
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly dialog = inject(MatDialog);
  readonly branches = BRANCHES;
  readonly formats = FORMATS;
  readonly memberships = ['Adult', 'Student', 'Senior'];
  readonly separators = [ENTER, COMMA];
  readonly today = new Date();
  readonly startAt = new Date(1990, 0, 1);
  readonly form = this.fb.group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    dob: this.fb.control<Date | null>(null, Validators.required),
    branch: this.fb.control<Branch | string | null>(null, [Validators.required, pickedBranch]),
    membership: ['', Validators.required],
    formats: this.fb.control<string[]>([], Validators.required),
    interests: this.fb.control<string[]>([]),
    rules: [false, Validators.requiredTrue],
  });

  branchName = (branch: Branch | string | null): string =>
    typeof branch === 'string' ? branch : branch?.name ?? '';

  matchingBranches(): Branch[] {
    const wanted = this.branchName(this.form.controls.branch.value).trim().toLowerCase();
    return BRANCHES.filter((branch) => branch.name.toLowerCase().includes(wanted));
  }

  addInterest(event: MatChipInputEvent): void {
    const interest = (event.value || '').trim();
    const interests = this.form.controls.interests;
    if (interest && !interests.value.includes(interest)) interests.setValue([...interests.value, interest]);
    event.chipInput.clear();
  }

  removeInterest(interest: string): void {
    const interests = this.form.controls.interests;
    interests.setValue(interests.value.filter((item) => item !== interest));
  }

  join(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const data = { name: value.name.trim(), email: value.email.trim(), branch: this.branchName(value.branch),
                   membership: value.membership };
    this.dialog.open(ConfirmMembership, { data, width: '440px' }).afterClosed().subscribe((confirmed) => {
      if (!confirmed) return;
      send('Library', [
        ['name', data.name], ['email', data.email], ['dob', isoDate(value.dob)], ['branch', data.branch],
        ['membership', value.membership], ['formats', value.formats], ['interests', value.interests],
      ]);
    });
  }
}
"""

ORDERS = {
    "Insurance": ("postcode", "type", "bedrooms", "start", "level", "accidental", "extras", "name", "email",
                  "phone"),
    "Library": ("name", "email", "dob", "branch", "membership", "formats", "interests"),
}  # fmt: skip

# (id, goal, start path, data, success criteria), as in bench_navigator.py.
TASKS: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    ("a-insurance-flat",
     "Get me a home insurance quote for my {bedrooms}-bedroom {property_type} at {postcode}. I'd like "
     "{cover} cover from {start}, plus accidental damage and {extra} cover. Contact details: {name}, "
     "{email}, {phone}",
     "/insurance.html", {"bedrooms": "2", "property_type": "flat", "postcode": "BS1 4DJ",
                         "cover": "buildings and contents", "start": "3 May 2031", "extra": "home emergency",
                         "name": "Aisha Khan", "email": "aisha.khan@example.com", "phone": "07700 900123"},
     {"text": "Summary: BS1 4DJ | Flat | 2 | 2031-05-03 | Buildings and contents | yes | Home emergency | "
              "Aisha Khan | aisha.khan@example.com | 07700 900123 |"}),
    ("a-insurance-bungalow",
     "We need {cover} insurance for our {bedrooms} bed {property_type} ({postcode}) starting on {start}. "
     "No accidental damage, but please include {extra1} and {extra2}. I'm {name}; reach me at {email} or "
     "on {phone}",
     "/insurance.html", {"cover": "contents only", "bedrooms": "3", "property_type": "bungalow",
                         "postcode": "LS6 2AB", "start": "2031-11-20", "extra1": "legal expenses",
                         "extra2": "bicycle cover", "name": "Graham Whitfield",
                         "email": "g.whitfield@example.net", "phone": "0113 496 0572"},
     {"text": "Summary: LS6 2AB | Bungalow | 3 | 2031-11-20 | Contents only | no | Legal expenses, Bicycle "
              "cover | Graham Whitfield | g.whitfield@example.net | 0113 496 0572 |"}),
    ("a-library-student",
     "Sign me up at the library as a {membership}: {name}, {email}, born {dob}. My home branch would be "
     "{branch}. I'm into {interest1} and {interest2}, and I mostly read {format1} and listen to {format2}s. "
     "I accept the rules.",
     "/library.html", {"membership": "student", "name": "Chloe Martin", "email": "chloe.martin@example.com",
                       "dob": "14 February 2005", "branch": "riverside", "interest1": "graphic novels",
                       "interest2": "astronomy", "format1": "e-books", "format2": "audiobook"},
     {"text": "Summary: Chloe Martin | chloe.martin@example.com | 2005-02-14 | Riverside Library | Student | "
              "E-book, Audiobook | graphic novels, astronomy |"}),
    ("a-library-senior",
     "Register {name} (date of birth {dob}, email {email}) for senior membership at the {branch} branch. "
     "She prefers {formats}; interests: {interests}",
     "/library.html", {"name": "Margaret O'Neill", "dob": "1951-07-09", "email": "maggie.oneill@example.org",
                       "branch": "castle hill", "formats": "print and dvd",
                       "interests": "local history, gardening, jazz"},
     {"text": "Summary: Margaret O'Neill | maggie.oneill@example.org | 1951-07-09 | Castle Hill Library | "
              "Senior | Print, DVD | local history, gardening, jazz |"}),
]  # fmt: skip


def _sources() -> dict[str, str]:
    """The app's files, relative to PREFIX."""
    return {
        "angular.json": json.dumps(ANGULAR_JSON, indent=2),
        "tsconfig.json": json.dumps(TSCONFIG, indent=2),
        "src/index.html": INDEX_HTML,
        "src/styles.css": STYLES_CSS,
        "src/main.ts": MAIN_TS,
        "src/app/util.ts": UTIL_TS,
        "src/app/insurance.ts": INSURANCE_TS,
        "src/app/library.ts": LIBRARY_TS.replace("__BRANCHES__", json.dumps(BRANCHES)),
    }


def ensure_angular() -> Path:
    """Install the libraries if missing and build the site with `ng build` if its source changed;
    return the folder to serve, with one page per form."""
    site = PREFIX / "dist" / "browser"

    def ng_build(modules: Path) -> None:
        env = {**os.environ, "NG_CLI_ANALYTICS": "false", "NG_FORCE_AUTOCOMPLETE": "false",
               "NG_DISABLE_VERSION_CHECK": "true"}  # fmt: skip
        subprocess.run([str(modules / ".bin" / "ng"), "build"], cwd=PREFIX, env=env, check=True,
                       stdin=subprocess.DEVNULL)  # fmt: skip
        index = (site / "index.html").read_text(encoding="utf-8")
        for page, title in PAGES.items():
            titled = index.replace("<title>Forms</title>", f"<title>{title}</title>")
            (site / f"{page}.html").write_text(titled, encoding="utf-8")

    return built_site(PREFIX, PACKAGES, _sources(), [f"{page}.html" for page in PAGES], ng_build, site)


class _Handler(FormEchoHandler):
    orders: ClassVar[dict[str, tuple[str, ...]]] = ORDERS


@contextlib.contextmanager
def angular_site() -> Iterator[str]:
    with serve_forms(ensure_angular(), _Handler) as base:
        yield base
