#!/usr/bin/env python3
"""Labelled prose corpus: free text as it shows up in logs and tickets.

Sentences of ticket comments, chat transcripts, emails, nurse and doctor
notes, HL7 NTE/OBX-5 text, exception messages that quote text and letters,
with person names, street addresses, places (cities, counties, hospitals,
clinics), phones, emails, dates, ages over 89, identifiers, payment cards,
IBANs, VINs, driver's licences, device serials and UDIs; and clean
sentences with name-like and place-like ordinary words and look-alikes of
the identifiers (order ids, tracking numbers, hashes, UUIDs, ISBNs,
16-digit numbers that fail Luhn).

Identities come from faker (../faker/identities.json), not from phiscrub's
dictionaries. Templates are below, one per line, with slots in braces (see
Prose.SLOTS); a sentence may be framed by its genre (an HL7 segment, a chat
prefix, an exception) and written in capitals or in lower case; the span
form then gets ":caps" or ":lower".

    python3 gen_prose.py -o prose.jsonl     # what the test reads (committed)

Same seed, same corpus. Records: see ../corpuslib.py.
"""
import argparse
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import corpuslib  # noqa: E402
from corpuslib import Line  # noqa: E402

DEFAULT_SEED = 14142
DEFAULT_PHI = 2600
DEFAULT_CLEAN = 1300

# ------------------------------------------------------------ PHI templates
# Grouped by theme; each theme gets a share of the PHI sentences, so every
# category has a sample of its own. The genre says how a sentence may be
# framed.

T = {}

T["note"] = """\
Pt {P} is a {age} yo with hx of CHF, admitted from {H} for worsening SOB.
{P} was transferred from {H} on {DT} after a fall at home.
Patient {Pf} resting comfortably, {R} at bedside.
{Pt} tolerated PO meds, no c/o pain overnight.
Spoke with {R} who will bring pt's home meds tomorrow.
{R} called at {time} asking for an update, informed of plan of care.
Family meeting held with {R} and {R2}; pt remains full code.
Pt states {Rf} will pick her up after discharge.
{Pt} seen by {D} this am, plan to wean O2.
Per {D}, hold heparin until INR < 2.
Discussed with {D}; ok to advance diet as tolerated.
Pt's {relw} {Rname} at bedside most of the shift, very supportive.
Called {Rf} ({relw}) at {PH}, no answer, left message.
{Pt} confused overnight, reoriented x3, {R} reassured by phone.
Pt was born on {DOB} in {C}.
{P} ({age} y/o) lives alone at {A} and drives herself to appointments.
Pt lives at {A} with {R}.
Home address verified as {AF}.
Lives with {Rf} in {C}, has stairs to enter.
{Pl} was admitted {DTn} and has been NPO since.
Plan d/w {Dl} and pt's {relw} {Rf}.
{Pt} is a {AGE} year old woman with advanced dementia, DNR/DNI.
{AGE} yo male found down at home by {R}.
Pt is {AGE} years old and was independent at baseline per {R}.
Transfer to {K} for rehab planned for {DTn}.
Pt previously followed at {K} by {Dn}.
Outside records requested from {H}, fax {FX}.
{Pt} had CABG in {YR} at {H}.
s/p appy {YR}, TAH/BSO {YR}.
Pt's PCP is {D} at {K}, phone {PH}.
Discussed code status with pt and {R}; both agree with comfort measures.
{P} refused AM labs, {D} notified.
MD aware; {Dl} to see pt on rounds.
Received pt from ED at {time}, report from {N}.
Report given to {N}, care handed over at {time}.
Pt upset that {Rf} has not visited since {DTn}.
{R} is HCP, copy of proxy on chart.
Social work consulted re: placement near {R} in {CS}.
Son {Rnm} requesting call back at {PH} regarding discharge.
Daughter {Rnf} will stay overnight.
Wife {Rnf} aware of transfer to {H}.
{Pl} family ({R}) updated at bedside by {D}.
Pt ambulated in hall with PT, {N} assisting.
Pt was seen in {C} ED on {DT} for similar complaints.
DOB {DOB}, MRN {MRN}, allergies NKDA.
Pt {Plf} identified by two identifiers (name, DOB {DOB}).
Name band checked: {Plfc}, DOB {DOB}.
{Pi} tolerated the procedure well.
Patient {Pi} ({age}F) on 2L NC, sats 94%.
{Pfi} reports 6/10 pain, medicated with tylenol.
{Pp} was discharged home with {R}.
Mr. {Ppl} declined the flu shot.
Pt moved from {CO} to {C} last year.
Resident of {CO}, {state}.
Outpatient dialysis at {K} MWF.
Pt admitted {DT}, expected discharge {DTn}.
Seen in clinic {DTn}, f/u in 2 wks.
Last seen by {D} on {DT}.
{AGE} y/o female with hx of afib on coumadin.
{P}, {AGE}, presents with confusion.
Pt's insurance card lists {P} as subscriber.
{R} can be reached at {PH} or {PH2}.
Family phone: {PH}.
Daughter's cell {PH}.
Pt's home number {PHb} per face sheet.
Please call {R} at {PHb} before transfer.
Pt given {Dl}'s office number {PH}.
{D} paged at {time} re: hypotension, new orders received.
Pt noted to have bruising, {R} states she fell on {DTn}.
Wound care per {K} protocol, seen by {Dn}.
"""

T["caps_note"] = """\
PT {Pl} REMAINS INTUBATED, SEDATED ON PROPOFOL.
MR. {Pl} C/O CP, MD AWARE.
WIFE {Rnf} IN TO VISIT, UPDATED BY {Dl}.
SON {Rnm} CALLED, WILL BE IN TOMORROW.
PT {Pf} VERY ANXIOUS, {R} AT BEDSIDE.
DR. {Dlast} IN TO SEE PT, PLAN TO EXTUBATE IN AM.
FAMILY ({R}) UPDATED BY PHONE AT {time}.
PT TO {H} FOR CATH ON {DTn}.
PT FROM {C}, LIVES W/ {R}.
{P} ADMITTED FROM {H} ON {DTn}.
MRS. {Pl} DAUGHTER {Rnf} IS HCP.
HUSBAND {Rnm} AWARE OF PLAN, PHONE {PH}.
PT'S BROTHER {Rnm} FROM {CS} VISITING.
SEEN BY {Dl} AT {time}.
PT IS A {AGE} YO FEMALE, DNR.
PT BORN {DOB}.
ADMITTED {DTn}, INTUBATED {DTn}.
S/P CABG {YR}.
NEPHEW {Rnm} WILL CALL {Pt} IN AM.
{Plfc} TRANSFERRED TO 5 WEST.
PT'S PCP {Dl} AT {K} NOTIFIED.
TO {K} FOR REHAB WHEN STABLE.
PT LIVES AT {A}, {C}.
"""

T["ticket"] = """\
Customer {P} says the portal shows the wrong DOB ({DOB}); please fix.
Caller {P} asked us to update the mailing address to {AF}.
{P} called from {PH} about a billing error on the {DTn} visit.
User reports that {P}'s chart shows {Rname} as emergency contact.
Please merge duplicate charts for {P} (DOB {DOB}) and {Plf}.
{S} escalated: patient {P} cannot log in, email on file {E}.
Assigned to {S}. Patient {Pf} {Pl} wants her records sent to {H}.
Spoke to {Pt} at {PH}, she confirmed the new address {A}.
Ticket reopened by {S}: {P} still gets statements at the old address in {C}.
Update from {Sf}: mailed the form to {A}, {C}, {st} {zip}.
Patient {P} reports the reminder texts go to {PH} instead of {PH2}.
{P} requested a copy of her records from {DTn} through {DTn}.
Please call {P} back at {PHb}, she asked for a callback after 3pm.
Customer callback number: {PH}
Pt {P} says her new cell is {PH}.
{Plf} (DOB {DOB}) needs the consent form resent to {E}.
Insurance denied claim for {P}, member ID {MEM}, service date {DT}.
Refund for {P} approved, card ending {last4}; original card on file {CARD}.
The patient paid with card {CARD} but the charge was posted twice.
{P} wants autopay moved to IBAN {IBAN}.
Please refund to account {IBAN} ({P}).
{P} disputes the charge on card number {CARD}, exp {exp}.
Card on file for {P}: {CARD} exp {exp}, billing zip {zipk}.
Parking validation for {P}, vehicle {make} VIN {VIN}.
{P} reported her car was towed from the garage; VIN {VIN}.
Ambulance bill lists the wrong VIN ({VIN}) for the accident on {DTn}.
Identity verified with driver's license {DL} ({DLST}) for {P}.
Patient {P} presented driver license number {DL}, issued {DLST}.
DL {DL} {DLST} scanned at registration for {P}.
{P} uploaded a photo of her license ({DLST} DL# {DL}).
Device return: {P} shipped back the insulin pump, serial number {SN}.
Pump S/N {SN} reported alarm E-07 for patient {P}.
Glucose monitor SN {SN} paired to {P}'s account.
Recall notice: implant with UDI {UDI} was placed in {P} on {DT}.
UDI {UDI} scanned into {P}'s implant log.
Please ask {P} to confirm serial {SN} on the back of the CPAP.
Pacemaker serial {SN} interrogated remotely for {Pt}.
"""

T["chat"] = """\
hi this is {P}, my mrn is {MRN}, can you check my lab results?
my name is {P} and I live at {A}
you can reach me at {PH} or {E}
its {Pf}, {R} is my emergency contact now
I need to change my phone to {PH}
{R} will pick up the prescription, is that ok?
my dob is {DOB}
I was born {DOB} in {C}
Agent: thanks {Pf}, I have updated your address to {AF}.
Agent: I see an appointment with {D} on {DTn} at {time}.
Agent: Can you confirm the last four of your SSN? ... Customer: its the full one {SSN}
Customer: my card number is {CARD}
Customer: use my other card {CARD} exp {exp}
Customer: my license is {DL} from {DLST}
the pump serial is {SN} if that helps
Agent: Is {PH} still the best number for {Pt}?
ok I will send it to {E}
this is {Rf}, {P}'s {relw}, she wants to reschedule
can {Dl} call me back at {PH}
my husband {Rnm} has the same doctor, {Dn}
we moved to {CS} last month
I am at {H} right now with my mom
"""

T["email"] = """\
Dear {Pt}, your appointment with {D} is confirmed for {DT} at {time}.
Dear {P}, we received your request on {DTn} and will reply within 30 days.
Hello {Pf}, your new patient portal username is linked to {E}.
Hi {Pf}, please bring your insurance card and photo ID to {K}.
{D} has asked us to schedule a follow up for {P} in two weeks.
From: {P} <{E}> Subject: question about my bill
Please forward to {Dn}: {P} is requesting a refill.
Attached are the records for {P} (DOB {DOB}) from {H}.
Regards, {Dn}, {K}, phone {PH}, fax {FX}
{Dn} | Case Manager | {H} | {PH}
Thank you, {S}, Patient Access, {H}
Please send the referral for {P} to {K}, fax {FX}.
We could not reach {P} at {PH}; the letter was mailed to {AF}.
Hi team, {Pt} called twice today from {PHb} asking about results.
"""

T["letter"] = """\
To whom it may concern: {P} has been under my care since {DTn}.
{P} was seen in our office on {DT} and may return to work on {DT2}.
This letter confirms that {P}, born {DOB}, is a patient of {K}.
Please excuse {Pf} from school from {DTn} to {DTn}.
Sincerely, {Dn}, {K}, {A}, {CS} {zip}
{P} resides at {AF} and is under the care of {D}.
I am writing on behalf of my patient, {P}, regarding her disability claim.
{Pt} has my permission to travel with her oxygen concentrator, serial {SN}.
Re: {P}, DOB {DOB}, MRN {MRN}
cc: {D}, {K}
"""

T["hl7"] = """\
NTE|1|L|PT {P} CALLED, {R} WILL BRING INSURANCE CARD
NTE|2||Spoke with {Rf} regarding results on {DTn}
NTE|1||Specimen collected at {K} by {N}
NTE|1||Results called to {Dl} at {time} by {N}, read back
NTE|3|P|Pt lives at {A}, home health referral sent
NTE|1||Critical value called to {Dn} on {DTn}
OBX|1|TX|NOTE^Progress Note||Pt {P} seen in follow up, {R} present||||||F
OBX|2|FT|18842-5^Discharge summary^LN||Discharged to {K} on {DTn}. PCP {D}.||||||F
OBX|3|TX|COMMENT||Called {Pt} at {PH}, no answer||||||F
OBX|1|ST|ADDR^Address||Lives at {A} in {C}||||||F
OBX|4|TX|NARRATIVE||{AGE} y/o female transferred from {H}||||||F
"""

T["exception"] = """\
ValueError: could not parse note text "pt {P} seen by {D}, f/u {DTn}"
com.acme.notes.ParseException: unexpected token at offset {n} in "{R} called re: {Pt}"
IllegalArgumentException: address '{A}' failed validation for patient {P}
KeyError: 'no provider matched "{Dn}" for {P}'
ERROR invalid phone '{PH}' for contact {Rname}
Failed to geocode "{AF}": ZERO_RESULTS
ConstraintViolation: duplicate patient {Plf} born {DOB}
RuntimeError: unable to send SMS to {PH} for {P}
PaymentDeclined: card {CARD} declined (do_not_honor) for {P}
SepaMandateError: IBAN {IBAN} rejected for {P}
VinDecodeError: check digit mismatch for VIN {VIN} on claim for {P}
DeviceRegistryError: serial {SN} already assigned to another patient ({P})
UdiParseWarning: could not parse UDI {UDI} for implant record of {P}
LicenseLookupTimeout: DMV query for {DLST} license {DL} timed out
"""

T["places"] = """\
Pt transferred from {H} to {H2} by ambulance.
Ambulance dispatched to {A} for a fall.
Pt was found outside a pharmacy in {C} and brought in by EMS.
Records faxed to {K} at {FX}.
Pt has a summer home in {C} and spends winters in {CS}.
Pt recently traveled to {C} to visit family.
Follow up at {K} in {C}.
Grew up in {C}, worked at {H} as a nurse for 30 years.
Lives in {CO}, about an hour from {H}.
EMS brought pt from {A} in {C}.
Pt is homeless, usually stays near {A}.
Pt requests transfer to {H} closer to home in {C}.
Pt works as a bus driver in {CS}.
Mailing address: {A}, {C}, {st} {zip}.
Send discharge packet to {A2}.
New address {A}; old address {A} (returned mail).
Patient relocated to {AF} after the flood.
PCP: {Dn}, {K}, {A}, {CS}.
Pharmacy: {PHARM}, {A}, phone {PH}.
Pt seen at {K} and then {H} within the same week.
Hospice at {K} arranged through {CO} services.
"""

T["contact"] = """\
Call back {PH}.
Callback number {PH}.
Call {Pf} back at {PH} re: results.
She can be reached at {PH} after 5.
Best contact is {PH}, alternate {PH2}.
Cell: {PH}, work: {PH2}
ph {PH}
phone: {PH}
tel. {PH}
Contact {R} {PHb}.
Reach {Pt} on {PHb}.
Left VM for {Pf} on {PHb}.
Texted {PHb} with appointment reminder.
Number on file {PHb} is disconnected.
Emergency contact {Rname} {PHb}
callback ({PHx}) per caller, number does not look valid but caller insisted.
Caller left callback {PHx}.
Fax results to {FX}.
Fax: {FX}
Records sent via fax to {FX} attn {Dn}.
Email {E} with the instructions.
Pt's email is {E}, prefers email over phone.
Sent portal invite to {E}.
Her daughter's email {E} was added as proxy.
Reply to {E} with the forms.
{P}: {PH}, {E}
"""

T["dates"] = """\
Pt was born {DOB}.
DOB {DOB}.
Date of birth: {DOB}
Admitted on {DT} and discharged {DT2}.
Surgery scheduled for {DTn}.
Last colonoscopy {DTn}, next due in 5 years.
Pt had a stroke on {DT}.
Seen here {DTn}, {DTn} and {DTn}.
Appt moved from {DTn} to {DTn2}.
Date of death {DT}.
Pt passed away on {DT} at {time}.
Diagnosed with breast cancer in {YR}, in remission.
Married since {YR}, widowed in {YR}.
Vaccinated {DTn}.
Pt's birthday is {DTn}; she turns {AGE}.
Celebrated her {AGEo} birthday on {DTn}.
Will return {DTn} for suture removal.
Last menstrual period {DTn}.
Injury occurred {DT} at work.
Pt is {AGE}.
Age {AGE}, lives independently.
{AGE}-year-old man with dementia.
Pt aged {AGE} admitted with pneumonia.
"""

T["ids"] = """\
MRN {MRN} flagged as duplicate.
Medical record number {MRN} merged into {MRN2}.
Pt's MRN is {MRN}.
SSN {SSN} on the face sheet does not match the insurance card.
Pt gave SSN as {SSN}.
Member ID {MEM} not found at the payer.
Medicare number {MEM} verified.
Acct {ACCT} is in collections.
Account number {ACCT} has a credit balance.
Visit {ENC} was billed twice.
Encounter {ENC} closed by {S}.
Please verify insurance for {P}, member {MEM}.
Direct deposit for the refund goes to IBAN {IBAN}.
Wire to {IBAN}, reference {ref}.
Bank details: IBAN {IBAN}, account holder {P}.
"""

T["newcat"] = """\
Payment received with Visa {CARDV}.
Card number {CARD} was charged $25.00 copay.
Please do not store full card numbers like {CARD} in notes.
Paid by credit card {CARD} exp {exp} CVV on file.
Copay charged to {CARD}.
CC# {CARD}
Card {CARD} flagged for possible fraud.
Refund issued to the card {CARD}.
The IBAN {IBAN} belongs to the patient's daughter.
IBAN: {IBAN}
SEPA transfer from {IBAN} received.
Vehicle: {year} {make} {model}, VIN {VIN}.
VIN {VIN} recorded on the accident report.
The vehicle identification number is {VIN}.
MVA: pt was driver of {make} (VIN {VIN}).
Driver's license: {DL} ({DLST})
DL# {DL}, state {DLST}.
{DLST} driver license {DL} on file.
Photo ID verified: driver's license number {DL}.
Lic {DL} exp {exp}.
Insulin pump serial number {SN}.
Pacemaker SN: {SN}
Defibrillator S/N {SN} implanted {DTn}.
CPAP machine serial # {SN}.
Device serial no. {SN} replaced under warranty.
Hearing aid serial {SN} (left).
Implant UDI {UDI}.
UDI: {UDI}
Scanned UDI {UDI} into the OR record.
Device identifier {UDI} logged for the knee implant.
"""

# ---------------------------------------------------------- clean templates
CLEAN = """\
Will you restart the billing service after the deploy?
May deployment window moved; see the change calendar.
Grant read access to the reporting group and close the ticket.
Baker team owns the ingest pipeline now.
Jordan 4 Retro sizes are out of stock in the warehouse.
Apple Pay is enabled for the gift shop terminals.
Merged the main-street branch into release/{ver}.
Rebased Main Street onto develop, conflicts in the pricing module.
SEE FLOW SHEET FOR VITALS.
ABLE TO TOLERATE PO WITHOUT NAUSEA.
DOWN TO 2L NC, SATS 95%.
GOOD EFFECT FROM PRN MORPHINE.
MD AWARE. WILL CONTINUE TO MONITOR.
PT ALERT AND ORIENTED X3, FOLLOWS COMMANDS.
NO ACUTE DISTRESS, LUNGS CTA BILATERALLY.
PLAN: CONT ABX, DIURESE AS TOLERATED.
PER PROTOCOL, FOLEY DISCONTINUED.
OOB TO CHAIR WITH ASSIST OF 2.
SKIN INTACT, TURNED Q2H.
TOLERATING TUBE FEEDS AT GOAL.
Pt is a {age} yo female with hx of HTN, DM2, CKD stage 3.
{age} y/o male with chest pain, troponin negative x2.
Pt alert and oriented, denies pain, resting in bed.
Vitals stable, HR {hr}, BP {bp}, afebrile.
Gave {med} {dose} PO at {time} with good effect.
Lungs with crackles at bases, Lasix {dose} IV given.
Foley draining clear yellow urine, {n} ml this shift.
Pt ambulated with walker, steady gait.
Bell's palsy resolving; Parkinson's disease stable on carbidopa.
Hx of Hodgkin lymphoma, s/p chemo in remission.
Murphy's sign negative, Babinski downgoing.
Glasgow Coma Scale 15, Apgar 8 and 9.
Swan-Ganz removed, Foley and Hickman line in place.
Graves' disease managed with methimazole.
Alzheimer's dementia, moderate; Crohn's disease quiescent.
Whipple procedure in the past; Nissen fundoplication planned.
Cushing's syndrome workup pending.
Heimlich maneuver performed by EMS per report.
Down syndrome with AV canal defect repaired in childhood.
Tourette syndrome, tics well controlled.
Guillain-Barre ruled out, LP unremarkable.
Hashimoto thyroiditis on levothyroxine {dose}.
Huntington disease in family, genetic counseling offered.
Wolff-Parkinson-White pattern on EKG.
The Christmas tree is up in the lobby.
Staff meeting moved to Friday at {time}.
Lunch and learn on Tuesday: sepsis bundle review.
Mark the order as complete once the label prints.
Bill the insurance first, then the secondary.
Rose garden is closed for maintenance.
Price change for item {n} takes effect next week.
Long queue at the front desk this morning.
White board updated with the new rooms.
Young adults clinic hours extended.
Hunter valve replaced on the boiler.
Summer hours begin in June.
The April release fixes the printer driver.
Washington state sales tax is applied at checkout.
Lincoln Navigator fleet is due for service.
Ford F-150 rental returned with a full tank.
Mercedes-Benz Sprinter van booked for the move.
Victoria's Secret gift card balance check is not supported.
The abstract print in the hallway was reframed.
Georgia font is used on the printed statements.
Paris theme applied to the kiosk screen.
Sydney office is closed for a public holiday.
Brooklyn Nine-Nine was on in the lounge.
Austin Healey parts order shipped.
Sheffield steel instruments sterilized.
Order #{order} shipped via UPS {ups}.
Tracking number {fedex} delivered to the loading dock.
USPS tracking {usps} shows in transit.
Build {build} passed all checks.
Commit {sha} reverted by CI.
Artifact sha256:{sha256} pushed to the registry.
Request {uuid} completed in {n} ms.
ISBN {isbn} ordered for the nursing library.
Order id {amazon} refunded to the department card.
Reference number {nl16} attached to the invoice.
Transaction {nl16} settled in batch {n}.
Confirmation code {conf} sent to the kiosk.
Part number {part} backordered.
Firmware {ver} installed on all bedside monitors.
Model {model} monitors replaced in the ICU.
Asset tag IT-{n} assigned to the nursing station PC.
Room {room} cleaned and ready for the next patient.
Bed {room} is blocked for isolation.
Invoice {invoice} for medical supplies is overdue.
PO {po} approved for the new infusion pumps.
SKU {sku} is out of stock.
Lot {lot} of saline flushes recalled by the vendor.
Kernel {ver} rolled out to the lab workstations.
The 2023 audit found no issues with the badge readers.
Policy effective {yr}, reviewed annually.
Average length of stay was {n} days in Q{q}.
{n} patients seen in the ED yesterday, {n2} admitted.
Census {n}, {n2} discharges pending.
Pt {age} yo, weight {n} kg, height {n2} cm.
Dose adjusted for CrCl of {n} ml/min.
Labs: Na {na}, K 4.{k}, Cr 1.{k}, WBC {n2}.
INR 2.{k}, PTT {n2}, plt {n}K.
ABG 7.3{k}/4{k}/8{k} on 40% FiO2.
EF {n2}% on echo.
Scheduled for MRI of the L-spine.
Consult placed to PT/OT, SLP eval pending.
Diet advanced to cardiac, tolerating well.
IV site in L forearm, patent, no redness.
Chest tube to -20 cm suction, no air leak.
Pain {k}/10, repositioned.
Blood sugar {n} at HS, no coverage needed.
NPO after midnight for the procedure.
Restraints discontinued per order.
Isolation precautions for MRSA.
Discussed plan of care with the team.
Will follow up on culture results.
Continue current management.
Patient education completed on inhaler use.
Safety checks done, call bell in reach.
The printer on 4 East is jammed again.
VPN drops every 20 minutes on the night shift laptops.
Please reset my password, the portal locked me out.
Can someone look at the slow query on the orders table?
The nightly export job failed with exit code {k}.
Rolled back release {ver} after the smoke tests failed.
Disk usage on the archive volume is at {n2}%.
Thanks, that fixed it.
Closing as duplicate of the earlier ticket.
Reopened: the fix did not reach production.
Customer satisfied, no further action.
Awaiting vendor response.
Escalated to tier 2.
Patient called to ask about parking; directions given.
Caller asked for the cafeteria hours.
Gift shop is open until 8.
Visiting hours are 9 to 9.
Flu clinic on Saturday in the main lobby.
Will the night shift cover the float pool on Sunday?
May I remind everyone to badge in at the door.
Grant funding for the new MRI was approved.
Rich text formatting is not supported in the notes field.
Frank discussion with the team about staffing.
Sterling silver tray donated by the auxiliary.
Joy of cooking class cancelled.
Hope to see everyone at the town hall.
Faith community nurses meeting in the chapel.
Chase bank deposit slips are in the drawer.
Wells are being tested for lead this week.
Cardinal Health delivery arrived at the dock.
Baxter pumps are due for preventive maintenance.
Abbott analyzer calibrated.
Philips monitor alarm volume adjusted.
Epic downtime scheduled for Sunday at 0200.
Cerner interface engine restarted.
Mirth channel ADT-IN redeployed.
Jenkins job nightly-build is green again.
Jira board cleaned up for the sprint.
Confluence page updated with the runbook.
Kafka consumer lag back to normal.
Spring Boot upgrade merged.
"""

CLEAN_CAPS_EXTRA = """\
PT RESTING QUIETLY, NO DISTRESS.
WILL CONT TO MONITOR CLOSELY.
FAMILY IN TO VISIT, UPDATED ON PLAN.
SEE CAREVUE FOR DETAILS.
ABLE TO STAND AND PIVOT TO CHAIR.
DOWN TO 40% FIO2, WEANING AS TOLERATED.
SKIN WARM AND DRY.
NEURO: ALERT, MAE, PERRLA.
CV: NSR 70S-80S, NO ECTOPY.
RESP: LS CLEAR, DIMINISHED AT BASES.
GI: ABD SOFT, +BS, TOLERATING CLEARS.
GU: FOLEY TO GRAVITY, UO ADEQUATE.
ID: AFEBRILE, CONT VANCO.
ENDO: RISS, BS WNL.
SOCIAL: FAMILY SUPPORTIVE.
DISPO: REMAINS IN ICU.
GOOD UO WITH LASIX.
MD NOTIFIED OF LOW UO.
RN TO RN REPORT GIVEN.
NPO FOR PROCEDURE IN AM.
"""


def lines_of(block):
    out = [t.strip() for t in block.splitlines()]
    return [t for t in out if t]


FRAMES = {
    "note": ["{s}", "{s}", "Nursing note: {s}", "NPN 7a-7p: {s}", "Progress note - {s}", "S: {s}",
             "A/P: {s}", "Addendum: {s}", "{s}", "Note added at {time}: {s}"],
    "caps_note": ["{s}", "{s}", "NPN: {s}", "NURSING PROGRESS NOTE: {s}", "{s}"],
    "ticket": ["{s}", "Comment #{n} by support: {s}", "[TKT-{n}] {s}", "Internal note: {s}",
               "Re: case {n} - {s}", "{s}"],
    "chat": ["{s}", "[{clock}] {s}", "{clock} customer: {s}", "> {s}", "chat#{n}: {s}"],
    "email": ["{s}", "> {s}", "{s}", ">> {s}"],
    "letter": ["{s}"],
    "hl7": ["{s}"],
    "exception": ["{s}", "Traceback: {s}", "Caused by: {s}", "{s}"],
    "places": ["{s}", "Nursing note: {s}", "{s}", "Comment #{n} by support: {s}"],
    "contact": ["{s}", "[{clock}] {s}", "Note: {s}", "{s}"],
    "dates": ["{s}", "{s}", "Nursing note: {s}", "NTE|1||{s}"],
    "ids": ["{s}", "Comment #{n} by support: {s}", "{s}"],
    "newcat": ["{s}", "Internal note: {s}", "{s}", "[{clock}] {s}", "NTE|1||{s}"],
}

# Share of the PHI sentences per theme.
THEME_WEIGHTS = [("note", 18), ("caps_note", 7), ("ticket", 12), ("chat", 7), ("email", 6),
                 ("letter", 4), ("hl7", 5), ("exception", 5), ("places", 9), ("contact", 9),
                 ("dates", 7), ("ids", 4), ("newcat", 9)]

SLOT = re.compile(r"\{([A-Za-z0-9]+)\}")

MEDS = ["tylenol", "morphine", "lasix", "metoprolol", "heparin", "insulin", "ativan", "haldol",
        "zofran", "vancomycin", "protonix", "coumadin", "dilaudid", "KCl", "magnesium"]
STATES = ["Massachusetts", "Ohio", "Texas", "Oregon", "New York", "Florida", "Illinois", "Georgia",
          "Arizona", "Michigan", "Virginia", "Colorado"]
STATE_AB = ["MA", "OH", "TX", "OR", "NY", "FL", "IL", "GA", "AZ", "MI", "VA", "CO", "CA", "PA", "WA", "NC"]
STATE_NAME = {"CA": "California", "NY": "New York", "TX": "Texas", "FL": "Florida", "IL": "Illinois",
              "PA": "Pennsylvania", "MA": "Massachusetts", "NJ": "New Jersey", "MI": "Michigan",
              "OH": "Ohio", "WA": "Washington", "GA": "Georgia", "AZ": "Arizona", "CO": "Colorado",
              "WI": "Wisconsin", "VA": "Virginia", "MD": "Maryland", "MN": "Minnesota", "NC": "North Carolina"}


class Prose(corpuslib.Gen):
    """Fills templates; a slot gives pieces (text,) or (text, CAT, setting, form)."""

    def sentence(self, template, shape, kind, case):
        self.ctx = {}
        pieces = []
        pos = 0
        for m in SLOT.finditer(template):
            if m.start() > pos:
                pieces.append((template[pos:m.start()],))
            pieces.extend(self.slot(m.group(1)))
            pos = m.end()
        if pos < len(template):
            pieces.append((template[pos:],))
        pieces = self.punctuate(pieces)
        frame = self.pick(FRAMES.get(shape, ["{s}"]))
        before, after = frame.split("{s}")
        before = SLOT.sub(lambda m: "".join(p[0] for p in self.slot(m.group(1))), before)
        ln = Line()
        if before:
            ln.add(before)
        for p in pieces:
            text = p[0]
            if case == "caps":
                text = text.upper()
            elif case == "lower":
                text = text.lower()
            if len(p) > 1:
                form = p[3] + (":" + case if case != "as-is" else "")
                ln.add(text, p[1], p[2], form)
            else:
                ln.add(text)
        if after:
            ln.add(after)
        return ln.record(kind, shape)

    def punctuate(self, pieces):
        """Real text is untidy: a lost final period, doubled spaces."""
        if pieces and len(pieces[-1]) == 1:
            last = pieces[-1][0]
            if last.endswith(".") and self.chance(0.2):
                pieces[-1] = (last[:-1],)
            elif last.endswith(".") and self.chance(0.05):
                pieces[-1] = (last[:-1] + "!!",)
        if self.chance(0.08):
            pieces = [(p[0].replace(", ", ",  ", 1),) if len(p) == 1 else p for p in pieces]
        return pieces

    # ---- names
    def name_span(self, text, form):
        return [(text, "NAME", "free", "name:" + form)]

    def full(self, p):
        return "%s %s" % (p["first"], p["last"])

    def patient(self):
        if "pt" not in self.ctx:
            self.ctx["pt"] = self.person()
        return self.ctx["pt"]

    def relative(self, key="rel"):
        if key not in self.ctx:
            sex = self.pick(["female", "male", None])
            p = self.person(sex)
            if sex == "female":
                w = self.pick(corpuslib.REL_F)
            elif sex == "male":
                w = self.pick(corpuslib.REL_M)
            else:
                w = self.pick(corpuslib.REL_ANY)
            self.ctx[key] = (p, w)
        return self.ctx[key]

    def clinician(self):
        if "dr" not in self.ctx:
            self.ctx["dr"] = self.person()
        return self.ctx["dr"]

    def title(self, p):
        if p["sex"] == "female":
            return self.pick(["Mrs.", "Ms.", "Ms", "Mrs", "Miss"])
        return self.pick(["Mr.", "Mr"])

    def s_name(self, slot):
        p = self.patient()
        if slot == "P":
            k = self.num(0, 9)
            if k <= 5:
                return self.name_span(self.full(p), "full")
            if k <= 7 and p["middle"]:
                return self.name_span("%s %s. %s" % (p["first"], p["middle"][0], p["last"]), "full-middle-initial")
            if k == 8 and p["middle"]:
                return self.name_span("%s %s %s" % (p["first"], p["middle"], p["last"]), "full-middle")
            return self.name_span(self.full(p).upper(), "full-capitals")
        if slot == "Pf":
            return self.name_span(p["first"], "first-alone")
        if slot == "Pl":
            return self.name_span(p["last"], "last-alone")
        if slot == "Pt":
            return [(self.title(p) + " ",)] + self.name_span(p["last"], "title-last")
        if slot == "Plf":
            if self.chance(0.3) and p["middle"]:
                return self.name_span("%s, %s %s." % (p["last"], p["first"], p["middle"][0]), "last-comma-first")
            return self.name_span("%s, %s" % (p["last"], p["first"]), "last-comma-first")
        if slot == "Plfc":
            return self.name_span(("%s,%s" % (p["last"], p["first"])).upper(), "last-comma-first-nospace")
        if slot == "Pi":
            f, l_ = p["first"][0], p["last"][0]
            return self.name_span(self.pick(["%s.%s." % (f, l_), "%s. %s." % (f, l_), "%s%s" % (f, l_)]), "initials")
        if slot == "Pfi":
            return self.name_span("%s. %s" % (p["first"][0], p["last"]), "initial-last")
        if slot == "Pp":
            q = self.particle_person()
            self.ctx["pt"] = q
            return self.name_span(self.full(q), "particle")
        if slot == "Ppl":
            q = self.particle_person()
            return self.name_span(q["last"], "particle-last")
        raise KeyError(slot)

    def s_rel(self, slot):
        key = "rel2" if slot == "R2" else "rel"
        p, w = self.relative(key)
        if slot in ("R", "R2"):
            k = self.num(0, 5)
            if k == 0:
                return [("%s " % w,)] + self.name_span(self.full(p), "relative-full")
            if k == 1:
                return self.name_span(self.full(p), "relative-full") + [(" (%s)" % w,)]
            if k == 2:
                return [("pt's %s, " % w,)] + self.name_span(p["first"], "relative-first") + [(",",)]
            if k == 3:
                return [("%s " % w.upper(),)] + self.name_span(p["first"].upper(), "relative-first-capitals")
            return [("%s " % w,)] + self.name_span(p["first"], "relative-first")
        if slot == "Rf":
            return self.name_span(p["first"], "relative-first")
        if slot == "relw":
            return [(w,)]
        if slot == "Rname":
            return self.name_span(self.full(p), "relative-full")
        if slot in ("Rnf", "Rnm"):
            q = self.person("female" if slot == "Rnf" else "male")
            return self.name_span(q["first"], "relative-first")
        if slot == "Rnm2":
            return self.name_span(self.person("male")["first"], "relative-first")
        raise KeyError(slot)

    def s_clin(self, slot):
        p = self.clinician()
        if slot == "D":
            k = self.num(0, 7)
            if k <= 1:
                return [(self.pick(["Dr. ", "Dr ", "dr. "]),)] + self.name_span(p["last"], "clinician-title-last")
            if k <= 3:
                return [(self.pick(["Dr. ", "Dr "]),)] + self.name_span(self.full(p), "clinician-title-full")
            if k <= 5:
                return self.name_span(self.full(p), "clinician-credential") + [(self.pick([", ", " "]) + self.pick(corpuslib.CREDENTIALS),)]
            if k == 6:
                return [("DR. ",)] + self.name_span(p["last"].upper(), "clinician-title-last-capitals")
            return [(self.pick(["Dr. ", "Dr "]),)] + self.name_span("%s. %s" % (p["first"][0], p["last"]), "clinician-title-initial")
        if slot == "Dl":
            return [(self.pick(["Dr. ", "Dr "]),)] + self.name_span(p["last"], "clinician-title-last")
        if slot == "Dlast":
            return self.name_span(p["last"], "clinician-title-last")
        if slot == "Dn":
            return self.name_span(self.full(p), "clinician-bare")
        if slot == "N":
            q = self.person()
            k = self.num(0, 3)
            if k == 0:
                return [("RN ",)] + self.name_span(q["first"], "nurse-first")
            if k == 1:
                return self.name_span(q["first"], "nurse-first") + [(", RN",)]
            if k == 2:
                return [("nurse ",)] + self.name_span(self.full(q), "nurse-full")
            return self.name_span(self.full(q), "nurse-full") + [(" RN",)]
        if slot == "S":
            return self.name_span(self.full(self.person()), "staff-full")
        if slot == "Sf":
            return self.name_span(self.person()["first"], "staff-first")
        raise KeyError(slot)

    # ---- places
    def loc(self, text, form):
        return [(text, "LOCATION", "free", "location:" + form)]

    def addr_full(self, sep=", "):
        line, a = self.street_line()
        city = self.city()
        out = [(line, "ADDRESS", "free", "address:street")]
        out.append((sep,))
        out += self.loc(city, "city-in-address")
        st = self.pick(STATE_AB)
        z = self.pick([a["zip"][:5], a["zip"][:5], a["zip"]])
        out.append(((", " if self.chance(0.7) else " ") + st + " ",))
        out.append((z, "ZIP", "free", "zip:after-state"))
        return out

    def s_place(self, slot):
        if slot == "A":
            line, _ = self.street_line()
            return [(line, "ADDRESS", "free", "address:street")]
        if slot == "AF":
            return self.addr_full()
        if slot == "A2":
            return self.addr_full(sep=self.pick([" / ", "; ", " | ", "  "]))
        if slot == "C":
            return self.loc(self.city(), "city")
        if slot == "CS":
            return self.loc(self.city(), "city-state") + [(", " + self.pick(STATE_AB),)]
        if slot == "CO":
            return self.loc(self.county(), "county")
        if slot in ("H", "H2"):
            return self.loc(self.hospital(), "hospital")
        if slot == "K":
            return self.loc(self.clinic(), "clinic")
        raise KeyError(slot)

    # ---- everything else
    def slot(self, s):
        if s in ("P", "Pf", "Pl", "Pt", "Plf", "Plfc", "Pi", "Pfi", "Pp", "Ppl"):
            return self.s_name(s)
        if s in ("R", "R2", "Rf", "relw", "Rname", "Rnf", "Rnm", "Rnm2"):
            return self.s_rel(s)
        if s in ("D", "Dl", "Dlast", "Dn", "N", "S", "Sf"):
            return self.s_clin(s)
        if s in ("A", "AF", "A2", "C", "CS", "CO", "H", "H2", "K"):
            return self.s_place(s)
        if s in ("PH", "PH2"):
            return self.phone_pieces()
        if s == "PHb":
            return self.phone_pieces(self.pick(["bare", "spaces", "plus1-spaces", "dash", "dots", "plus1-bare"]))
        if s == "PHx":
            return self.phone_pieces(self.pick(["paren", "dash"]), valid=False)
        if s == "FX":
            return self.phone_pieces(self.pick(["paren", "dash", "dots", "1-dash"]), cat="FAX")
        if s == "E":
            return [(self.email(self.ctx.get("pt")), "EMAIL", "free", "email")]
        if s in ("DT", "DT2"):
            t, f = self.date_text(None, *self.date(1990, 2025))
            return [(t, "DATE", "free", f)]
        if s in ("DTn", "DTn2"):
            t, f = self.date_text(self.pick(["md-slash", "mon-day", "month-day", "ordinal", "md-slash", "mon-day"]))
            if f == "date:ordinal" and t[-4:].isdigit():
                t, f = self.date_text("md-slash")
            return [(t, "DATE", "free", f)]
        if s == "DOB":
            t, f = self.date_text(self.pick(["month-day-year", "mon-day-year", "day-month-year", "us-slash",
                                             "us-slash-2y", "us-dash", "iso", "ddmonyyyy", "dotted"]), *self.date(1920, 2010))
            return [(t, "DATE", "free", f)]
        if s == "YR":
            return [("'%02d" % self.num(50, 99), "DATE", "free", "date:short-year")]
        if s == "AGE":
            return [(str(self.num(90, 106)), "AGE", "free", "age:over-89")]
        if s == "AGEo":
            return [(corpuslib.ordinal(self.num(90, 104)), "AGE", "free", "age:ordinal")]
        if s in ("MRN", "MRN2"):
            v, f = self.mrn()
            return [(v, "MRN", "free", f)]
        if s == "SSN":
            return [(self.ssn_text(self.pick(["-", "-", " ", ""])), "SSN", "free", "ssn")]
        if s == "MEM":
            v, f = self.member_id()
            return [(v, "MEMBER_ID", "free", f)]
        if s == "ACCT":
            v, f = self.account()
            return [(v, "ACCOUNT_ID", "free", f)]
        if s == "ENC":
            v, f = self.encounter()
            return [(v, "ENCOUNTER_ID", "free", f)]
        if s == "CARD":
            t, issuer, f = self.card()
            return [(t, "CARD", "free", f)]
        if s == "CARDV":
            while True:
                t, issuer, f = self.card()
                if issuer == "visa":
                    return [(t, "CARD", "free", f)]
        if s == "IBAN":
            t, f = self.iban()
            return [(t, "ACCOUNT_ID", "free", f)]
        if s == "VIN":
            v, veh = self.vin()
            self.ctx["veh"] = veh
            return [(v, "VIN", "free", "vin")]
        if s in ("make", "model"):
            veh = self.ctx.get("veh") or self.pick(self.vehicles)
            self.ctx["veh"] = veh
            return [(veh[s],)]
        if s == "DL":
            v, st = self.dl()
            self.ctx["dlst"] = st
            return [(v, "LICENSE", "free", "license:" + st)]
        if s == "DLST":
            st = self.ctx.get("dlst", "CA")
            return [(self.pick([st, STATE_NAME[st]]),)]
        if s == "zipk":
            return [("%05d" % self.num(1001, 99950), "ZIP", "free", "zip:keyword")]
        if s == "zip":
            return [("%05d" % self.num(1001, 99950), "ZIP", "free", "zip:after-state")]
        if s == "PHARM":
            return self.loc("%s Pharmacy" % self.pick(self.companies).split()[0].rstrip(","), "pharmacy")
        if s == "SN":
            return [(self.device_serial(), "DEVICE_ID", "free", "device:serial")]
        if s == "UDI":
            v, f = self.udi()
            return [(v, "DEVICE_ID", "free", f)]
        # unlabelled fillers
        return [(self.filler(s),)]

    def filler(self, s):
        if s == "age":
            return str(self.num(19, 88))
        if s == "time":
            return self.pick(["%02d%02d" % (self.num(0, 23), self.pick([0, 15, 30, 45])),
                              "%d:%02d" % (self.num(1, 12), self.num(0, 59)),
                              "%d%s" % (self.num(1, 12), self.pick(["am", "pm", " PM", " AM"]))])
        if s == "clock":
            return "%02d:%02d:%02d" % (self.num(0, 23), self.num(0, 59), self.num(0, 59))
        if s in ("n", "n2"):
            return str(self.num(2, 480))
        if s == "k":
            return str(self.num(1, 9))
        if s == "q":
            return str(self.num(1, 4))
        if s == "hr":
            return str(self.num(55, 120))
        if s == "bp":
            return "%d/%d" % (self.num(90, 170), self.num(50, 100))
        if s == "na":
            return str(self.num(128, 146))
        if s == "med":
            return self.pick(MEDS)
        if s == "dose":
            return self.pick(["5 mg", "10mg", "20 mg", "40mg", "0.5 mg", "1 g", "2 mg", "650 mg", "25 mcg"])
        if s == "st":
            return self.pick(STATE_AB)
        if s == "state":
            return self.pick(STATES)
        if s == "yr":
            return str(self.num(1990, 2025))
        if s == "year":
            return str(self.num(2004, 2024))
        if s == "exp":
            return "%02d/%02d" % (self.num(1, 12), self.num(25, 31))
        if s == "last4":
            return self.digits(4)
        if s == "ref":
            return "INV-%d" % self.num(10000, 99999)
        if s == "company":
            return self.pick(self.companies).split()[0].rstrip(",")
        if s == "ver":
            return "%d.%d.%d" % (self.num(1, 9), self.num(0, 30), self.num(0, 99))
        if s == "build":
            return "%d.%d.%d+%d" % (self.num(1, 9), self.num(0, 30), self.num(0, 99), self.num(1000, 99999))
        if s == "sha":
            return self.hexs(self.pick([7, 12, 40]))
        if s == "sha256":
            return self.hexs(64)
        if s == "uuid":
            return self.uuid()
        if s == "order":
            return str(self.num(10 ** 6, 10 ** 9))
        if s == "ups":
            return "1Z%s%s" % (self.alnum_upper(6), self.digits(10))
        if s == "fedex":
            return self.digits(12, True)
        if s == "usps":
            return "9400 %s %s %s %s %s" % (self.digits(4), self.digits(4), self.digits(4), self.digits(4), self.digits(2))
        if s == "isbn":
            stem = "978" + self.digits(9)
            check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(stem)) % 10) % 10
            return "%s-%s-%s-%s-%d" % (stem[:3], stem[3], stem[4:9], stem[9:], check)
        if s == "amazon":
            return "%s-%s-%s" % (self.digits(3), self.digits(7), self.digits(7))
        if s == "nl16":
            while True:
                d = self.digits(16, True)
                if not corpuslib.luhn_ok(d):
                    return d
        if s == "conf":
            return self.alnum_upper(8)
        if s == "part":
            return "%s-%s-%s" % (self.alnum_upper(3), self.digits(4), self.alnum_upper(2))
        if s == "model":
            return self.pick(["IntelliVue MX450", "B40", "Carescape B650", "X3"])
        if s == "room":
            return "%d%s" % (self.num(100, 999), self.pick(["", "A", "B"]))
        if s == "invoice":
            return "INV%s" % self.digits(8)
        if s == "po":
            return "PO-%s" % self.digits(7)
        if s == "sku":
            return "%s%s" % (self.alnum_upper(3), self.digits(6))
        if s == "lot":
            return "%s%s" % (self.alnum_upper(2), self.digits(5))
        raise KeyError(s)

    # ---- clean look-alike sentences made here (not from the template list)
    def lookalike(self):
        k = self.num(0, 11)
        f = self.filler
        if k == 0:
            return "Card reader firmware %s rejected test number %s (not a valid card)." % (f("ver"), f("nl16"))
        if k == 1:
            return "Shipment %s left the hub; tracking %s." % (f("order"), f("ups"))
        if k == 2:
            bad = self.alnum_upper(17).replace("I", "J").replace("O", "P").replace("Q", "R")
            return "Container image %s tagged %s." % (bad.lower(), f("ver"))
        if k == 3:
            return "ISBN %s and ISBN %s added to the reading list." % (f("isbn"), f("isbn"))
        if k == 4:
            return "Job %s finished, checksum %s." % (f("uuid"), f("sha256")[:40])
        if k == 5:
            return "Batch %s of %s units; lot %s, expiry year %s." % (f("n"), f("n2"), f("lot"), f("year"))
        if k == 6:
            d = f("nl16")
            return "Ref %s-%s-%s-%s (internal) forwarded to finance." % (d[:4], d[4:8], d[8:12], d[12:])
        if k == 7:
            return "GTIN %s printed on the box of gloves." % ("0" + self.digits(13))
        if k == 8:
            return "Build #%s of pipeline %s succeeded in %s s." % (f("n"), f("sha")[:7], f("n2"))
        if k == 9:
            return "Room %s phone extension %s." % (f("room"), self.digits(4))
        if k == 10:
            return "Order %s, invoice %s, PO %s." % (f("amazon"), f("invoice"), f("po"))
        return "Ticket %s linked to change %s and incident %s." % (self.alnum_upper(3) + "-" + f("n"),
                                                                   "CHG" + self.digits(7), "INC" + self.digits(7))


def generate(seed=DEFAULT_SEED, phi=DEFAULT_PHI, clean=DEFAULT_CLEAN):
    g = Prose(seed)
    themes = {k: lines_of(v) for k, v in T.items()}
    clean_t = lines_of(CLEAN)
    caps_t = lines_of(CLEAN_CAPS_EXTRA)
    out = []
    total = sum(w for _, w in THEME_WEIGHTS)
    seq = []
    for name, w in THEME_WEIGHTS:
        seq += [name] * w
    for i in range(phi):
        theme = seq[i % total]
        tpl = themes[theme][(i // total) % len(themes[theme])] if g.chance(0.5) else g.pick(themes[theme])
        if theme == "caps_note" or tpl.upper() == tpl:
            case = "caps"
        elif theme in ("note", "places", "dates", "hl7") and g.chance(0.2):
            case = "caps"
        elif theme == "chat" and g.chance(0.15):
            case = "lower"
        else:
            case = "as-is"
        rec = g.sentence(tpl, theme, "phi", case)
        assert rec["spans"], tpl
        out.append(rec)
    for i in range(clean):
        k = g.num(0, 9)
        if k <= 5:
            tpl = clean_t[i % len(clean_t)] if g.chance(0.6) else g.pick(clean_t)
            shape = "clean"
        elif k <= 7:
            tpl = g.pick(caps_t)
            shape = "clean_caps"
        else:
            tpl = g.lookalike()
            shape = "clean_lookalike"
        case = "caps" if shape == "clean_caps" or (shape == "clean" and tpl.isupper()) else "as-is"
        frame_shape = g.pick(["note", "ticket", "chat", "email", "exception"]) if shape == "clean" else "note"
        rec = g.sentence(tpl, frame_shape, "clean", case)
        rec["shape"] = shape
        out.append(rec)
    g.r.shuffle(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--phi", type=int, default=DEFAULT_PHI)
    ap.add_argument("--clean", type=int, default=DEFAULT_CLEAN)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.phi, a.clean)
    if a.output == "-":
        for r in recs:
            sys.stdout.write(corpuslib.json.dumps(r, ensure_ascii=False) + "\n")
    else:
        corpuslib.write_jsonl(a.output, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
