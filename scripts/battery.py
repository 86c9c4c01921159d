import json, subprocess, sys, tempfile
binp=sys.argv[1]; f=sys.argv[2]; home=tempfile.mkdtemp()
cases=open(f).read().split('\n====\n')
ok=0
for c in cases:
    want,text=c.strip('\n').split('\n',1)
    osn='linux'
    if want.startswith('win:'): osn='windows'; want=want[4:]
    p=subprocess.run([binp,'logs','--file','-','--json','--os',osn,'--home',home,'--now','2099-01-01T00:00:00Z'],input=text.encode(),capture_output=True,env={'PATH':'/usr/bin:/bin','HOME':home})
    d=json.loads(p.stdout); cs=[x['cause'] for x in d.get('causes',[])]
    rules=[]
    if cs:
        ids=set(d['causes'][0]['findings']); rules=sorted({x['rule'] for x in d['findings'] if x['id'] in ids})
    good = bool(cs) and cs[0]==want
    ok+=good
    print('OK ' if good else 'BAD', want, '->', cs[:3], rules, '|', text.replace('\n',' \\n ')[:110])
print(ok,'/',len(cases))
