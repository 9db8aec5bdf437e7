#!/usr/bin/env python3
"""Writes a synthetic CIN census XML (2025/26 schema) for benchmarks: deterministic
for a given --children and --seed, every person invented. Usage:
  bench/gen_cin_census.py --children 10000 --seed 1 > census.xml"""
import argparse
import datetime as dt
import random

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ETHNICITY = "WBRI WIRI WOTH MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH".split()
DISABILITY = "MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA".split()
SOURCES = "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10".split()
FACTORS = "1A 1B 2A 2B 3A 3B 4A 4B 5A 6A 7A 10A 11A 14A 16A 17A 18B 18C 19B 19C 20 22A 24A".split()
START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def upn(rng):
    body = "894" + "".join(rng.choice("0123456789") for _ in range(9))
    total = sum(int(ch) * i for i, ch in enumerate(body, start=2))
    return LETTERS[total % 23] + body


def weekday_after(day, days):
    d = day + dt.timedelta(days=days)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def child(rng, n):
    born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(17 * 365))
    referral = max(START, born) + dt.timedelta(days=rng.randrange(200))
    out = [f"<Child><ChildIdentifiers><LAchildID>SYN{n:06d}</LAchildID>"]
    out.append(f"<UPN>{upn(rng)}</UPN>" if born < dt.date(2021, 1, 1) else "<UPNunknown>UN2</UPNunknown>")
    out.append(f"<PersonBirthDate>{born}</PersonBirthDate><Sex>{rng.choice('MF')}</Sex></ChildIdentifiers>")
    out.append(f"<ChildCharacteristics><Ethnicity>{rng.choice(ETHNICITY)}</Ethnicity><Disabilities>")
    codes = rng.sample(DISABILITY, rng.choice([1, 1, 2])) if rng.random() < 0.2 else ["NONE"]
    out += [f"<Disability>{c}</Disability>" for c in codes]
    out.append("</Disabilities></ChildCharacteristics>")
    out.append(f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>{rng.choice(SOURCES)}</ReferralSource>")
    out.append(f"<PrimaryNeedCode>N{rng.randrange(1, 9)}</PrimaryNeedCode>")
    start = referral + dt.timedelta(days=1)
    done = start + dt.timedelta(days=rng.randrange(10, 40))
    out.append(f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>")
    out.append(f"<AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>")
    out += [f"<AssessmentFactors>{f}</AssessmentFactors>" for f in rng.sample(FACTORS, rng.randrange(1, 4))]
    out.append("</FactorsIdentifiedAtAssessment></Assessments>")
    protected = rng.random() < 0.25
    if not protected and rng.random() < 0.6:  # a CIN plan or a protection plan, never both at once
        plan_end = done + dt.timedelta(days=rng.randrange(30, 150))
        out.append(f"<CINPlanDates><CINPlanStartDate>{done}</CINPlanStartDate>")
        out.append(f"<CINPlanEndDate>{plan_end}</CINPlanEndDate></CINPlanDates>" if plan_end <= END else "</CINPlanDates>")
    if protected:
        conference = weekday_after(start, 10)
        out.append(f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate><InitialCPCtarget>{conference}</InitialCPCtarget>")
        out.append(f"<DateOfInitialCPC>{conference}</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>")
    out.append("<ReferralNFA>0</ReferralNFA>")
    if protected:
        out.append(f"<ChildProtectionPlans><CPPstartDate>{conference}</CPPstartDate>")
        out.append("<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>")
        out.append(f"<NumberOfPreviousCPP>{rng.randrange(3)}</NumberOfPreviousCPP><Reviews>")
        review = conference + dt.timedelta(days=90)
        while review <= END:
            out.append(f"<CPPreviewDate>{review}</CPPreviewDate>")
            review += dt.timedelta(days=180)
        out.append("</Reviews></ChildProtectionPlans>")
    out.append("</CINdetails></Child>\n")
    return "".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--children", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    print('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
          '<Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>'
          '<LEA>894</LEA><SoftwareCode>Kith bench</SoftwareCode><Release>0.1.0</Release><SerialNo>001</SerialNo>'
          '<DateTime>2026-04-10T09:00:00</DateTime></Source></Header><Children>')
    for n in range(1, a.children + 1):
        print(child(rng, n), end="")
    print("</Children></Message>")


if __name__ == "__main__":
    main()
