"""Organisations, groups and peoples: the word lists that tell them apart from persons and places."""

from __future__ import annotations

# Groups and movements the small model often takes for people (general knowledge), lower case.
GROUP_ORGS = frozenset(name.lower() for name in [
    "Falun Gong", "Taliban", "Hamas", "Hezbollah", "Hizbollah", "al-Qaeda", "al Qaeda", "Al-Qaida", "Islamic State",
    "ISIS", "ISIL", "Daesh", "Boko Haram", "al-Shabaab", "Al-Shabab", "Black Lives Matter", "Antifa", "QAnon",
    "Muslim Brotherhood", "Fatah", "Houthi", "PKK", "FARC", "ETA", "IRA", "Sinn Fein", "Extinction Rebellion",
    "Greenpeace", "Solidarity", "Occupy Wall Street", "Tea Party", "Proud Boys", "Wagner", "Wagner Group",
    "Interpol", "Europol", "Mossad", "Hezb-e-Islami", "Lashkar-e-Taiba", "Jaish-e-Mohammed", "Khmer Rouge",
])
# Peoples, faiths and political groups (NORP), lower case.
GROUP_NORPS = frozenset(name.lower() for name in [
    "Uighurs", "Uighur", "Uyghurs", "Uyghur", "Kurds", "Kurd", "Tamils", "Rohingya", "Pashtuns", "Hutus", "Hutu",
    "Tutsis", "Tutsi", "Sunnis", "Sunni", "Shiites", "Shia", "Shi'ites", "Muslims", "Muslim", "Moslems", "Moslem",
    "Christians", "Jews", "Hindus", "Sikhs", "Buddhists", "Catholics", "Protestants", "Arabs", "Berbers",
    "Bedouins", "Maori", "Aborigines", "Roma", "Basques", "Catalans", "Chechens", "Tatars", "Yazidis", "Druze",
    "Copts", "Alawites", "Houthis", "Islamists", "Jihadists", "Maoists", "Marxists", "Republicans", "Democrats",
    "Tories", "Socialists", "Communists", "Zionists", "Palestinians", "Israelis", "Azeris", "Tajiks", "Uzbeks",
    "Serbs", "Croats", "Bosniaks", "Albanians", "Afrikaners", "Zulus", "Kikuyu", "Hazaras", "Baloch", "Sindhis",
    "Punjabis", "Bengalis", "Tibetans", "Mongols", "Cossacks", "Crimeans", "Sami", "Inuit", "Latinos", "Hispanics",
])
# Words that head an organisation's name ("University of ...", "... Council").
ORG_HEADS = frozenset("""
University Ministry Department Bank Institute College School Council Court Agency Association Society
Federation Union Party Church Museum Hospital Foundation Organisation Organization Office Academy Centre
Center Company Corporation Group Board Authority Government Royal Federal International European World
Superintendency Inspectorate Ombudsman Commissariat
""".split())
# Words that open an organisation's name in the languages news quotes untranslated ("Instituto
# Nacional de Defensa Civil", "Ministère de …", "Universidad de …").
FOREIGN_ORG_HEADS = frozenset("""
Instituto Institut Istituto Ministerio Ministère Ministero Ministério Universidad Universidade Università
Université Universität Banco Banca Banque Comisión Commissione Agencia Agência Agence Consejo Conselho
Secretaría Fundación Fundação Fondation Stiftung Partido Parti Partito Tribunal Corte Cour
""".split())
# Words that end an organisation's name and never a person's ("Stellenbosch University"; unlike
# "Court" or "Church", which are surnames too).
ORG_ONLY_TAILS = frozenset("""
University Institute Observatory Hospital Ministry Department Agency Association Foundation Academy
Museum Commission Committee Authority Council Federation Organisation Organization Society Secretariat
Directorate Bureau Tribunal Inspectorate Superintendency
""".split())
# Words that end an organisation's name ("... Commission", "... Fund").
ORG_TAIL_HEADS = ORG_HEADS | frozenset("""
Commission Committee Bureau Conference Forum Fund League Institution Service Services Council Court
Assembly Parliament Congress Senate Tribunal Secretariat Directorate Programme Program
""".split())
# The last word of a company's name, never of a person's.
COMPANY_TAILS = frozenset("""
Inc Ltd Plc PLC plc LLC Corp GmbH AG NV BV SpA ASA Oyj Biologics Pharmaceuticals Pharma Therapeutics
Biotech Biosciences Technologies Systems Holdings Labs Laboratories Logistics Airlines Airways Motors
Industries Ventures Networks Software Solutions Communications Telecom Entertainment Foods Brands Mining
Minerals Petroleum Insurance Securities Investments Robotics Semiconductor Semiconductors Aerospace Shipping
Railways Railway Railroad Railroads Dynamics Analytics Pharmaceutical Enterprises Bancorp
""".split())
# Diseases written as acronyms or names that the model takes for organisations.
DISEASES = frozenset("TB HIV AIDS SARS MERS Mpox MPOX Ebola Zika COVID COVID-19 Covid Covid-19 BSE CJD".split())
