"""The protocol's using-graph-uri / using-named-graph-uri written into updates as USING clauses."""

import pyoxigraph as ox
import pytest

from conflictkg.executor.service import BadRequest
from conflictkg.executor.update_dataset import with_protocol_dataset


def test_no_protocol_graphs_leaves_the_update_alone():
    assert with_protocol_dataset("CLEAR ALL", (), ()) == "CLEAR ALL"


def test_using_clauses_go_before_where_of_each_modify_operation():
    update = ('PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b "WHERE { }" } ;\n'
              'INSERT { GRAPH ex:t { ?s a ex:C } } WHERE { ?s a ex:D FILTER(?s < 3) } ;\n'
              'DELETE WHERE { ?s ex:gone ?o }')
    out = with_protocol_dataset(update, ("http://g1",), ("http://g2",))
    assert out.count("USING <http://g1> USING NAMED <http://g2> WHERE") == 2
    assert 'INSERT DATA { ex:a ex:b "WHERE { }" }' in out
    ox.Store().update(out)  # still valid SPARQL


def test_using_graphs_restrict_the_where_clause():
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <http://g1> { <http://a> a <http://D> } GRAPH <http://g2> { <http://b> a <http://D> } }")
    store.update(with_protocol_dataset("INSERT { GRAPH <http://out> { ?s a <http://C> } } WHERE { ?s a <http://D> }",
                                       ("http://g1",), ()))
    assert [q.subject.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode("http://out"))] == ["http://a"]


@pytest.mark.parametrize("update", ["WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                    "DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }"])
def test_an_update_with_its_own_dataset_conflicts(update):
    with pytest.raises(BadRequest):
        with_protocol_dataset(update, (), ("http://other",))
