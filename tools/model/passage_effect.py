"""Intent accuracy of a model folder on the held-out openings (corpus.py) without and with up to 3 passages
of a Markdown help centre in the prompt (kb_corpus.rank_passages as the retriever): whether a model trained
without knowledge passages should be given them.

    node -e "require('ts-node').register({transpileOnly:true}); require('fs').writeFileSync('/tmp/sample-kb.md',
      require('./apps/conversation-service/src/knowledge/sample/sample-knowledge-base.ts').SAMPLE_KNOWLEDGE_BASE_MARKDOWN)"
    cd tools/model && /usr/bin/python3 passage_effect.py /tmp/sample-kb.md ../../models/neodesk-support-gpt-neo
"""
import json, re, sys, random
import torch
from bpe import Encoder, EOT_ID
from chat_format import encode_grounded, reply_prompt
from corpus import classify_reply
from eval import load_model_folder, greedy
from kb_corpus import Article, rank_passages
torch.set_num_threads(1)
md = open(sys.argv[1]).read()
arts = []
for doc in md.split('\n---\n'):
    lines = doc.strip().splitlines()
    title = lines[0].lstrip('# ').strip()
    body = re.sub(r'\*\*|`|#+ ', '', ' '.join(l for l in lines[1:] if l.strip()))
    # passages of about 60 words, as the chunker makes
    words = body.split()
    for i in range(0, len(words), 70):
        arts.append(Article('x', title, [' '.join(words[i:i + 70])]))
model = load_model_folder(sys.argv[2])
enc = Encoder()
rows = [json.loads(l) for l in open('out/corpus/heldout.jsonl')][:200]
r = random.Random(0)
ok_plain = ok_kb = 0
for d in rows:
    q = d['turns'][0]['text']
    a = enc.decode(greedy(model, reply_prompt(enc, [('customer', q)]), 64)).strip()
    ps = rank_passages(arts, q, '', r)
    ids, mask = encode_grounded(enc, None, [{'title': p.title, 'text': p.text} for p in ps], [('customer', q)], '')
    b = enc.decode(greedy(model, ids[:mask.index(1)], 64)).strip()
    ok_plain += classify_reply(a) == d['intent']
    ok_kb += classify_reply(b) == d['intent']
print(f'intent accuracy without passages {ok_plain}/{len(rows)}, with up to 3 sample passages {ok_kb}/{len(rows)}')
print('example with passages:', repr(q), '->', repr(b))
