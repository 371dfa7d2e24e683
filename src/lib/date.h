/* Dates inside a finding: parse, normalise, keep the year, shift.
   Used by the act step (act.c) for tokenize (ISO normal form), partial
   (keep the year) and surrogate (shift by a key-derived offset). Not
   installed. */
#ifndef PHISCRUB_DATE_H
#define PHISCRUB_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct phs_date {
    int year;             /* four digits; 0 when the span has no year */
    int month;            /* 1..12 */
    int day;              /* 1..31, a real day of that month and year */
    /* Where each part is in the span, so it can be rewritten in place. */
    size_t ypos, ylen;    /* ylen 0 when there is no year */
    size_t mpos, mlen;
    size_t dpos, dlen;
    bool month_named;     /* Jan, January, JAN, jan. */
    bool two_digit_year;  /* 3/4/80: the year was pivoted with ref_year */
} phs_date;

/* Parse the date written at [p, p + n). Accepts the forms of DATE_ANY in
   patterns/00-defines.rules (ISO with - or /, US M/D/Y and M-D-Y, D/M/Y
   when the first part is over 12, named months with optional ordinal and
   comma, dotted D.M.Y and Y.M.D, month-and-day without a year) and HL7/
   compact YYYYMMDD, optionally followed by a time (YYYYMMDDHHMM[SS[.S+]]
   [+-ZZZZ]); the time is not part of the date and stays where it is.
   A two-digit year YY becomes 19YY or 20YY: 20YY when that is not after
   ref_year, else 19YY. Returns false when it is not one real calendar date
   (Feb 30, month 13, trailing junk other than a compact date's time). */
bool phs_date_parse(const char *p, size_t n, int ref_year, phs_date *out);

/* YYYY-MM-DD and a NUL into out; "0000" for the year when there is none. */
void phs_date_iso(const phs_date *d, char out[11]);

/* Rewrite the span [p, p + n) with the date moved by `days` (negative
   moves back), keeping its layout: separators, order, zero padding, the
   width of a two-digit year, month names in the same style (abbreviated or
   full) and case, and every byte outside the date parts. A date with no
   year is moved within ref_year's calendar. Writes at most cap bytes to out
   and returns the length, or 0 when cap is too small (n + 16 always fits). */
size_t phs_date_shift(const char *p, size_t n, const phs_date *d, int days, int ref_year,
                      char *out, size_t cap);

/* Keep the year and the layout; the month becomes "**" (or "***" when it
   is a name) and the day "**" whatever their width, and a day's ordinal
   ("14th") goes, so neither "3/4" nor "September 14th" shows through its
   length. Writes at most cap bytes (n + 4 always fits) and returns the
   length; 0 when the year is missing or has two digits (the caller then
   masks the span) or cap is too small. */
size_t phs_date_keep_year(const char *p, size_t n, const phs_date *d, char *out, size_t cap);

#endif
